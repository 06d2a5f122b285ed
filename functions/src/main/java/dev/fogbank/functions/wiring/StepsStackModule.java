package dev.fogbank.functions.wiring;

import dagger.Module;
import dagger.Provides;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.deploy.StackDeployer;
import dev.fogbank.shared.estimate.CostEstimator;
import dev.fogbank.shared.rules.SecurityRules;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import dev.fogbank.shared.validation.AwsReferenceCheck;
import dev.fogbank.shared.validation.RequiredTags;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/**
 * The deploy state machine's stack steps (steps-stack artifact): template store and
 * CloudFormation; the Review step's cost estimate reads prices cached in the table and asks the
 * Price List API on a miss.
 */
@Module(includes = {AwsModule.class, EstimateModule.class})
public final class StepsStackModule {
  private StepsStackModule() {}

  @Provides
  @Singleton
  static StackDeployer stackChanges(
      TemplateStore templates,
      AwsClientFactory aws,
      FunctionEnvironment env,
      Clock clock,
      CostEstimator estimator) {
    return new StackDeployer(
        new CloudFormationStackGateway(aws.cloudFormation()),
        templates,
        Optional.empty(),
        ResourceSchemas.bundled(),
        SecurityRules.standard(),
        RequiredTags.parse(env.requiredTags()),
        AwsReferenceCheck.create(aws),
        clock,
        estimator);
  }
}
