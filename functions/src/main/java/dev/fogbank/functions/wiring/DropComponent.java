package dev.fogbank.functions.wiring;

import dagger.Component;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.deploy.DeploymentIntake;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = IntakeModule.class)
public interface DropComponent {
  DeploymentIntake intake();

  AwsClientFactory clients();

  FunctionEnvironment environment();
}
