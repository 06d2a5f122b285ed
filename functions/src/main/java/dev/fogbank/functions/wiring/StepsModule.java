package dev.fogbank.functions.wiring;

import dagger.Module;
import dagger.Provides;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.deploy.DeploymentSteps;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.lock.LockStore;
import dev.fogbank.shared.notify.SnsNotifier;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.template.TemplateValidator;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

@Module(includes = AwsModule.class)
public final class StepsModule {
  private StepsModule() {}

  @Provides
  @Singleton
  static DeploymentSteps steps(
      LockStore locks,
      DeploymentHistory history,
      TemplateStore templates,
      AwsClientFactory aws,
      FunctionEnvironment env,
      Clock clock) {
    return new DeploymentSteps(
        locks,
        history,
        new CloudFormationStackGateway(aws.cloudFormation()),
        templates,
        Optional.empty(),
        new TemplateValidator(),
        new SnsNotifier(aws.sns(), env.topicArn()),
        clock);
  }
}
