package dev.fogbank.functions.wiring;

import dev.fogbank.shared.deploy.StackDeployer;

/**
 * The steps-stack handlers' wiring, built once per Lambda container on first use (class
 * initialisation is lazy and safe). Apart from {@link StepsLedgerWiring} so that neither artifact
 * reaches the other's classes.
 */
public final class StepsStackWiring {
  private StepsStackWiring() {}

  private static final class Holder {
    static final StepsStackComponent COMPONENT = DaggerStepsStackComponent.create();
  }

  public static StackDeployer stackChanges() {
    return Holder.COMPONENT.stackChanges();
  }
}
