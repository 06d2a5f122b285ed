package dev.fogbank.functions.wiring;

import dev.fogbank.shared.cost.CostScan;
import dev.fogbank.shared.drift.DriftScanSteps;
import dev.fogbank.shared.estimate.PriceRefresh;

/** Built once per Lambda container, on the first invocation (class initialisation is lazy). */
public final class ScansWiring {
  private ScansWiring() {}

  private static final class Holder {
    static final ScansComponent COMPONENT = DaggerScansComponent.create();
  }

  public static CostScan costScan() {
    return Holder.COMPONENT.costScan();
  }

  public static dev.fogbank.shared.cost.CostLookups costLookups() {
    return Holder.COMPONENT.costLookups();
  }

  /** The account and region whose stacks a cost lookup reads: the control plane's own. */
  public static String account() {
    return Holder.COMPONENT.environment().account();
  }

  public static DriftScanSteps driftScanSteps() {
    return Holder.COMPONENT.driftScanSteps();
  }

  public static PriceRefresh priceRefresh() {
    return Holder.COMPONENT.priceRefresh();
  }

  /** The region whose prices the scheduled refresh keeps fresh: the control plane's own. */
  public static String region() {
    return Holder.COMPONENT.environment().region();
  }

  public static int costDays() {
    return Holder.COMPONENT.settings().costDays();
  }
}
