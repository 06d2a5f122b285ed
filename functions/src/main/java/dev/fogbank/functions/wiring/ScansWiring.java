package dev.fogbank.functions.wiring;

import dev.fogbank.shared.cost.CostScan;
import dev.fogbank.shared.drift.DriftScan;

/** Built once per Lambda container, on the first invocation (class initialisation is lazy). */
public final class ScansWiring {
  private ScansWiring() {}

  private static final class Holder {
    static final ScansComponent COMPONENT = DaggerScansComponent.create();
  }

  public static CostScan costScan() {
    return Holder.COMPONENT.costScan();
  }

  public static DriftScan driftScan() {
    return Holder.COMPONENT.driftScan();
  }

  public static int costDays() {
    return Holder.COMPONENT.settings().costDays();
  }
}
