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

  /**
   * Registers the scans group's SnapStart priming; called from the handlers' constructors, since
   * the scans themselves are built on the first invocation only.
   */
  public static void registerPriming() {
    SnapStartPriming.register("scans", ScansWiring::prime);
  }

  /**
   * SnapStart priming for a cost scan page and a drift scan step: both scans and their clients
   * (Cost Explorer, CloudFormation, DynamoDB, SNS) built, a scheduled event and a drift step
   * input read, a scan's answer written, one read-only table read. No Cost Explorer request (each
   * costs $0.01), no drift detection, nothing written.
   */
  private static void prime() {
    ScansComponent c = Holder.COMPONENT;
    c.costScan();
    c.driftScanSteps();
    c.clients().costExplorer();
    c.clients().cloudFormation();
    c.clients().sns();
    SnapStartPriming.json(SCHEDULED_EVENT, com.fasterxml.jackson.databind.JsonNode.class);
    SnapStartPriming.json(DRIFT_STEP, com.fasterxml.jackson.databind.JsonNode.class);
    dev.fogbank.shared.json.Json.mapper()
        .valueToTree(
            new dev.fogbank.functions.scans.CostScanHandler.Result(
                "2026-01-01", "2026-01-02", 0, java.util.List.of("priming"),
                java.util.Map.of("USD", "0"), 1, 0, 0, null))
        .toString();
    SnapStartPriming.readOnlyTableRead(c.clients(), c.environment().tableName());
  }

  private static final String SCHEDULED_EVENT =
      """
      {"version": "0", "id": "00000000-0000-0000-0000-000000000000",
       "detail-type": "Scheduled Event", "source": "aws.events", "account": "000000000000",
       "time": "2026-01-01T03:00:00Z", "region": "us-east-1",
       "resources": ["arn:aws:events:us-east-1:000000000000:rule/priming"], "detail": {}}
      """;

  private static final String DRIFT_STEP =
      """
      {"action": "detect", "scanId": "ds-00000000-0000-0000-0000-000000000000",
       "stack": "priming"}
      """;

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
