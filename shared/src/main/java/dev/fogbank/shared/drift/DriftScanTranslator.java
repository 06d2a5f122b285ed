package dev.fogbank.shared.drift;

import dev.fogbank.shared.table.ControlTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link DriftScanRecord} to and from its {@code DRIFTSCAN#<id>} item. */
final class DriftScanTranslator {
  private DriftScanTranslator() {}

  static Map<String, AttributeValue> toItem(DriftScanRecord scan) {
    Map<String, AttributeValue> item = new HashMap<>(DynamoDbDriftScans.key(scan.scanId()));
    item.put("scanId", s(scan.scanId()));
    item.put("status", s(scan.status().name()));
    if (scan.trigger() != null) {
      item.put("trigger", s(scan.trigger()));
    }
    if (scan.startedAt() != null) {
      item.put("startedAt", s(scan.startedAt().toString()));
    }
    if (scan.finishedAt() != null) {
      item.put("finishedAt", s(scan.finishedAt().toString()));
    }
    item.put("total", n(scan.total()));
    item.put("done", n(scan.done()));
    Map<String, AttributeValue> outcomes = new HashMap<>();
    scan.outcomes().forEach((k, v) -> outcomes.put(k, n(v)));
    item.put("outcomes", AttributeValue.fromM(outcomes));
    List<AttributeValue> failures = new ArrayList<>();
    for (DriftScanRecord.StackFailure f : scan.failures()) {
      failures.add(
          AttributeValue.fromM(
              Map.of("stack", s(f.stack()), "code", s(f.code()), "message", s(f.message()))));
    }
    item.put("failures", AttributeValue.fromL(failures));
    if (scan.reason() != null) {
      item.put("reason", s(cut(scan.reason(), 1000)));
    }
    // Scan records are kept 90 days; the DRIFT# records under each stack are the history.
    Instant from = scan.startedAt() == null ? Instant.now() : scan.startedAt();
    item.put(ControlTable.TTL, n(from.plusSeconds(90L * 86_400).getEpochSecond()));
    return item;
  }

  static DriftScanRecord fromItem(Map<String, AttributeValue> item) {
    Map<String, Integer> outcomes = new TreeMap<>();
    AttributeValue o = item.get("outcomes");
    if (o != null && o.hasM()) {
      o.m().forEach((k, v) -> outcomes.put(k, Integer.parseInt(v.n())));
    }
    List<DriftScanRecord.StackFailure> failures = new ArrayList<>();
    AttributeValue f = item.get("failures");
    if (f != null && f.hasL()) {
      for (AttributeValue entry : f.l()) {
        Map<String, AttributeValue> m = entry.m();
        failures.add(
            new DriftScanRecord.StackFailure(str(m, "stack"), str(m, "code"), str(m, "message")));
      }
    }
    return new DriftScanRecord(
        str(item, "scanId"),
        DriftScanRecord.Status.valueOf(str(item, "status")),
        str(item, "trigger"),
        instant(item, "startedAt"),
        instant(item, "finishedAt"),
        num(item, "total"),
        num(item, "done"),
        outcomes,
        failures,
        str(item, "reason"));
  }

  static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  private static Instant instant(Map<String, AttributeValue> item, String name) {
    String value = str(item, name);
    return value == null ? null : Instant.parse(value);
  }

  private static int num(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? 0 : Integer.parseInt(value.n());
  }

  private static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value == null ? "" : value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
