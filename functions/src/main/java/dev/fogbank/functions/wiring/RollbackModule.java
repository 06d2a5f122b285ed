package dev.fogbank.functions.wiring;

import dagger.Module;
import dagger.Provides;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.StackRollback;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.template.TemplateStore;
import jakarta.inject.Singleton;

/**
 * The API's rollback routes: a redeploy goes through the intake (table, templates, Step
 * Functions); continue-rollback calls CloudFormation, whose client is built on that route's first
 * call only.
 */
@Module(includes = IntakeModule.class)
public final class RollbackModule {
  private RollbackModule() {}

  @Provides
  @Singleton
  static StackRollback rollback(
      DeploymentHistory history,
      TemplateStore templates,
      DeploymentIntake intake,
      AwsClientFactory aws,
      FunctionEnvironment env) {
    return new StackRollback(
        history,
        templates,
        intake,
        () -> new CloudFormationStackGateway(aws.cloudFormation()),
        env.account(),
        env.region(),
        env.deploymentRoleArn());
  }
}
