package dev.fogbank.functions.wiring;

import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.deploy.StackDeployer;

/** Built once per Lambda container, on first use (class initialisation is lazy and safe). */
public final class StepsWiring {
  private StepsWiring() {}

  private static final class Holder {
    static final StepsComponent COMPONENT = DaggerStepsComponent.create();
  }

  public static DeploymentLedger ledger() {
    return Holder.COMPONENT.ledger().get();
  }

  public static StackDeployer stackChanges() {
    return Holder.COMPONENT.stackChanges().get();
  }
}
