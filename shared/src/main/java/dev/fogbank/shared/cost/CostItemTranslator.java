package dev.fogbank.shared.cost;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cost items of the control table: {@code COST#<day>} and {@code ANOMALY#<day>} under the
 * stack's partition, and {@code MTD#<yyyy-MM>#<stack>} under one partition per account and region
 * ({@code COSTS#<account>#<region>}), so that every stack's month to date is one query.
 */
final class CostItemTranslator {
  static final String ANOMALY_PREFIX = "ANOMALY#";
  static final String MONTH_PREFIX = "MTD#";
  static final String SCAN_PREFIX = "SCAN#";
  static final String COSTS_PARTITION_PREFIX = "COSTS#";

  private CostItemTranslator() {}

  static String sortKey(LocalDate day) {
    return ControlTable.COST_PREFIX + day;
  }

  static String anomalySortKey(LocalDate day) {
    return ANOMALY_PREFIX + day;
  }

  static String costsPartition(String account, String region) {
    return COSTS_PARTITION_PREFIX + account + "#" + region;
  }

  static String monthPrefix(YearMonth month) {
    return MONTH_PREFIX + month + "#";
  }

  static Map<String, AttributeValue> toItem(StackDayCost cost, String recordedAt) {
    Map<String, AttributeValue> item = stackItem(cost.stack(), sortKey(cost.day()));
    item.put("day", s(cost.day().toString()));
    // A number keeps the amount exact (DynamoDB numbers have 38 digits) and sortable.
    item.put("amount", AttributeValue.fromN(cost.amount().toPlainString()));
    item.put("unit", s(cost.unit()));
    item.put("recordedAt", s(recordedAt));
    return item;
  }

  static StackDayCost dayCost(StackRef stack, Map<String, AttributeValue> item) {
    return new StackDayCost(
        stack,
        LocalDate.parse(item.get("day").s()),
        new BigDecimal(item.get("amount").n()),
        item.get("unit").s());
  }

  static Map<String, AttributeValue> toItem(CostAnomaly anomaly, String recordedAt) {
    Map<String, AttributeValue> item = stackItem(anomaly.stack(), anomalySortKey(anomaly.day()));
    item.put("day", s(anomaly.day().toString()));
    item.put("amount", AttributeValue.fromN(anomaly.amount().toPlainString()));
    item.put("baseline", AttributeValue.fromN(anomaly.baseline().toPlainString()));
    item.put("unit", s(anomaly.unit()));
    item.put("reason", s(anomaly.reason()));
    item.put("recordedAt", s(recordedAt));
    return item;
  }

  static CostAnomaly anomaly(StackRef stack, Map<String, AttributeValue> item) {
    return new CostAnomaly(
        stack,
        LocalDate.parse(item.get("day").s()),
        new BigDecimal(item.get("amount").n()),
        new BigDecimal(item.get("baseline").n()),
        item.get("unit").s(),
        item.get("reason").s());
  }

  /** The key of {@code stack}'s month-to-date item for {@code month}. */
  static Map<String, AttributeValue> monthKey(
      String account, String region, YearMonth month, String stack) {
    Map<String, AttributeValue> key = new HashMap<>();
    key.put(ControlTable.PK, s(costsPartition(account, region)));
    key.put(ControlTable.SK, s(monthPrefix(month) + stack));
    return key;
  }

  static Map<String, AttributeValue> toItem(StackMonthCost cost, String recordedAt) {
    Map<String, AttributeValue> item =
        monthKey(cost.stack().account(), cost.stack().region(), cost.month(), cost.stack().name());
    item.put("account", s(cost.stack().account()));
    item.put("region", s(cost.stack().region()));
    item.put("stackName", s(cost.stack().name()));
    item.put("month", s(cost.month().toString()));
    item.put("through", s(cost.through().toString()));
    item.put("amount", AttributeValue.fromN(cost.amount().toPlainString()));
    item.put("unit", s(cost.unit()));
    item.put("recordedAt", s(recordedAt));
    return item;
  }

  static StackMonthCost monthCost(Map<String, AttributeValue> item) {
    return new StackMonthCost(
        StackRef.of(item.get("account").s(), item.get("region").s(), item.get("stackName").s()),
        YearMonth.parse(item.get("month").s()),
        LocalDate.parse(item.get("through").s()),
        new BigDecimal(item.get("amount").n()),
        item.get("unit").s());
  }

  /** The sort key every scan record's starts with; ids sort by time (CostScan.newScanId). */
  static String scanPrefix() {
    return SCAN_PREFIX;
  }

  static final String SCAN_STACK_PREFIX = "STACK#";

  /** The partition of scan {@code scanId}'s per-stack results. */
  static String scanStacksPartition(String account, String region, String scanId) {
    return SCAN_PREFIX + costsPartition(account, region) + "#" + scanId;
  }

  /** One stack's result in scan {@code scanId}: its month to date and anomalies found. */
  static Map<String, AttributeValue> scanStackItem(
      String scanId, StackMonthCost month, int anomalies) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(
        ControlTable.PK,
        s(scanStacksPartition(month.stack().account(), month.stack().region(), scanId)));
    item.put(ControlTable.SK, s(SCAN_STACK_PREFIX + month.stack().name()));
    item.put("stackName", s(month.stack().name()));
    item.put("month", s(month.month().toString()));
    item.put("through", s(month.through().toString()));
    item.put("monthToDate", AttributeValue.fromN(month.amount().toPlainString()));
    item.put("unit", s(month.unit()));
    item.put("anomalies", AttributeValue.fromN(Integer.toString(anomalies)));
    return item;
  }

  static CostLedger.ScanStack scanStack(Map<String, AttributeValue> item) {
    return new CostLedger.ScanStack(
        item.get("stackName").s(),
        YearMonth.parse(item.get("month").s()),
        LocalDate.parse(item.get("through").s()),
        new BigDecimal(item.get("monthToDate").n()),
        item.get("unit").s(),
        Integer.parseInt(item.get("anomalies").n()));
  }

  static Map<String, AttributeValue> scanKey(String account, String region, String scanId) {
    Map<String, AttributeValue> key = new HashMap<>();
    key.put(ControlTable.PK, s(costsPartition(account, region)));
    key.put(ControlTable.SK, s(SCAN_PREFIX + scanId));
    return key;
  }

  static Map<String, AttributeValue> toItem(String account, String region, CostScanRecord scan) {
    Map<String, AttributeValue> item = scanKey(account, region, scan.scanId());
    item.put("scanId", s(scan.scanId()));
    item.put("started", s(scan.started().toString()));
    if (scan.finished() != null) {
      item.put("finished", s(scan.finished().toString()));
    }
    item.put("days", AttributeValue.fromN(Integer.toString(scan.days())));
    item.put("status", s(scan.status()));
    if (scan.failureCode() != null) {
      item.put("failureCode", s(scan.failureCode()));
      item.put("failureMessage", s(scan.failureMessage()));
    }
    CostScanResult r = scan.result();
    if (r != null) {
      item.put("start", s(r.start().toString()));
      item.put("end", s(r.end().toString()));
      item.put("recorded", AttributeValue.fromN(Integer.toString(r.recorded())));
      // Counts, not the names: thousands of stack names would pass DynamoDB's 400 KB item limit.
      // Each stack's result is an item of its own (scanStackItem).
      item.put("stackCount", AttributeValue.fromN(Integer.toString(r.stackCount())));
      item.put("anomalyCount", AttributeValue.fromN(Integer.toString(r.anomalyCount())));
      Map<String, AttributeValue> untagged = new HashMap<>();
      r.untaggedTotal()
          .forEach((unit, n) -> untagged.put(unit, AttributeValue.fromN(n.toPlainString())));
      item.put("untaggedTotal", AttributeValue.fromM(untagged));
      item.put("requests", AttributeValue.fromN(Integer.toString(r.requests())));
      item.put(
          "anomalies",
          AttributeValue.fromL(
              r.anomalies().stream()
                  .limit(CostScanResult.KEPT_ANOMALIES)
                  .map(a -> AttributeValue.fromM(toItem(a, String.valueOf(scan.finished()))))
                  .toList()));
      item.put("newAnomalies", AttributeValue.fromN(Integer.toString(r.newAnomalies())));
      item.put("notice", s(r.notice()));
    }
    return item;
  }

  static CostScanRecord scan(Map<String, AttributeValue> item) {
    CostScanResult result = null;
    if (item.containsKey("start")) {
      Map<String, BigDecimal> untagged = new java.util.TreeMap<>();
      item.get("untaggedTotal")
          .m()
          .forEach((unit, n) -> untagged.put(unit, new BigDecimal(n.n())));
      result =
          new CostScanResult(
              LocalDate.parse(item.get("start").s()),
              LocalDate.parse(item.get("end").s()),
              Integer.parseInt(item.get("recorded").n()),
              // Records kept before the counts listed every stack.
              item.containsKey("stacks")
                  ? item.get("stacks").l().stream().map(AttributeValue::s).toList()
                  : List.of(),
              untagged,
              Integer.parseInt(item.get("requests").n()),
              item.get("anomalies").l().stream()
                  .map(AttributeValue::m)
                  .map(
                      a ->
                          anomaly(
                              StackRef.of(
                                  a.get("account").s(),
                                  a.get("region").s(),
                                  a.get("stackName").s()),
                              a))
                  .toList(),
              Integer.parseInt(item.get("newAnomalies").n()),
              item.get("notice").s(),
              item.containsKey("stackCount")
                  ? Integer.parseInt(item.get("stackCount").n())
                  : item.get("stacks").l().size(),
              item.containsKey("anomalyCount")
                  ? Integer.parseInt(item.get("anomalyCount").n())
                  : item.get("anomalies").l().size());
    }
    return new CostScanRecord(
        item.get("scanId").s(),
        Instant.parse(item.get("started").s()),
        item.containsKey("finished") ? Instant.parse(item.get("finished").s()) : null,
        Integer.parseInt(item.get("days").n()),
        item.get("status").s(),
        result,
        item.containsKey("failureCode") ? item.get("failureCode").s() : null,
        item.containsKey("failureMessage") ? item.get("failureMessage").s() : null);
  }

  private static Map<String, AttributeValue> stackItem(StackRef stack, String sortKey) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ControlTable.PK, s(stack.partitionKey()));
    item.put(ControlTable.SK, s(sortKey));
    item.put("account", s(stack.account()));
    item.put("region", s(stack.region()));
    item.put("stackName", s(stack.name()));
    return item;
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
