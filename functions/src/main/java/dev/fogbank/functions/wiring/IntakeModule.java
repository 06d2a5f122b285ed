package dev.fogbank.functions.wiring;

import dagger.Module;
import dagger.Provides;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.deploy.DeploymentApprovals;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.execution.SfnDeploymentResumer;
import dev.fogbank.shared.execution.SfnExecutionStarter;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.template.TemplateStore;
import jakarta.inject.Singleton;
import java.time.Clock;

/** What the API and drop functions share: turning a request into a started deployment. */
@Module(includes = TableModule.class)
public final class IntakeModule {
  private IntakeModule() {}

  @Provides
  @Singleton
  static DeploymentIntake intake(
      DeploymentHistory history,
      TemplateStore templates,
      AwsClientFactory aws,
      FunctionEnvironment env,
      Clock clock) {
    return new DeploymentIntake(
        history,
        templates,
        new SfnExecutionStarter(aws.sfn(), env.stateMachineArn()),
        clock,
        env.account(),
        env.region(),
        env.deploymentRoleArn(),
        env.options());
  }

  @Provides
  @Singleton
  static DeploymentApprovals approvals(
      DeploymentHistory history, AwsClientFactory aws, Clock clock) {
    return new DeploymentApprovals(history, new SfnDeploymentResumer(aws.sfn()), clock);
  }
}
