package dev.fogbank.functions.wiring;

import dagger.Component;
import dev.fogbank.shared.deploy.DeploymentSteps;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = StepsModule.class)
public interface StepsComponent {
  DeploymentSteps steps();
}
