package dev.fogbank.functions.wiring;

import dev.fogbank.shared.deploy.DeploymentSteps;

/** Built once per Lambda container, on first use (class initialisation is lazy and safe). */
public final class StepsWiring {
  private StepsWiring() {}

  private static final class Holder {
    static final DeploymentSteps STEPS = DaggerStepsComponent.create().steps();
  }

  public static DeploymentSteps steps() {
    return Holder.STEPS;
  }
}
