package dev.fogbank.functions.wiring;

import dagger.Module;
import dev.fogbank.shared.stackevents.DynamoDbEventClaims;
import dev.fogbank.shared.rules.SecurityRules;
import dev.fogbank.shared.validation.AwsReferenceCheck;
import dev.fogbank.shared.validation.RequiredTags;
import dagger.Provides;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.deploy.StackDeployer;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.lock.LockStore;
import dev.fogbank.shared.notify.SnsNotifier;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/**
 * The deploy state machine's two kinds of step, each in its own artifact: the ledger (table and
 * topic) and the stack changes (template store and CloudFormation).
 */
@Module(includes = AwsModule.class)
public final class StepsModule {
  private StepsModule() {}

  @Provides
  @Singleton
  static DeploymentLedger ledger(
      LockStore locks,
      DeploymentHistory history,
      AwsClientFactory aws,
      FunctionEnvironment env,
      Clock clock) {
    // Failures are announced once: the claim is shared with the stack-events function.
    return new DeploymentLedger(
        locks,
        history,
        new SnsNotifier(aws.sns(), env.topicArn()),
        clock,
        new DynamoDbEventClaims(aws.dynamoDb(), env.tableName()));
  }

  @Provides
  @Singleton
  static StackDeployer stackChanges(
      TemplateStore templates, AwsClientFactory aws, FunctionEnvironment env, Clock clock) {
    return new StackDeployer(
        new CloudFormationStackGateway(aws.cloudFormation()),
        templates,
        Optional.empty(),
        ResourceSchemas.bundled(),
        SecurityRules.standard(),
        RequiredTags.parse(env.requiredTags()),
        AwsReferenceCheck.create(aws),
        clock);
  }
}
