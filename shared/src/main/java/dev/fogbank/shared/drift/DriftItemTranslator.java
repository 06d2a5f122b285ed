package dev.fogbank.shared.drift;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link DriftReport} to and from its {@code DRIFT#<at>} item, and stack partition keys. */
final class DriftItemTranslator {
  private DriftItemTranslator() {}

  /**
   * Fixed-width UTC instants (nine fraction digits), so that the sort key orders records by time:
   * {@code Instant.toString} writes as few fraction digits as it can, and "00.500Z" sorts before
   * "00Z". Records written before this kept the short form; only two of them in the same second
   * can be out of order.
   */
  private static final java.time.format.DateTimeFormatter SORTABLE =
      java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  static String sortKey(Instant at) {
    return ControlTable.DRIFT_PREFIX + SORTABLE.format(at);
  }

  static Map<String, AttributeValue> toItem(DriftReport report) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ControlTable.PK, s(report.stack().partitionKey()));
    item.put(ControlTable.SK, s(sortKey(report.at())));
    item.put("account", s(report.stack().account()));
    item.put("region", s(report.stack().region()));
    item.put("stackName", s(report.stack().name()));
    item.put("at", s(report.at().toString()));
    item.put("status", s(report.status().name()));
    item.put("driftedCount", AttributeValue.fromN(Integer.toString(report.driftedCount())));
    List<AttributeValue> excerpt = new ArrayList<>();
    for (ResourceDrift drift : report.excerpt()) {
      Map<String, AttributeValue> entry = new HashMap<>();
      entry.put("logicalId", s(drift.logicalId()));
      entry.put("difference", s(drift.difference()));
      if (drift.resourceType() != null) {
        entry.put("resourceType", s(drift.resourceType()));
      }
      List<AttributeValue> properties = new ArrayList<>();
      for (PropertyDifference p : drift.properties()) {
        Map<String, AttributeValue> property = new HashMap<>();
        property.put("path", s(p.path()));
        property.put("type", s(p.type()));
        if (p.expected() != null) {
          property.put("expected", s(p.expected()));
        }
        if (p.actual() != null) {
          property.put("actual", s(p.actual()));
        }
        properties.add(AttributeValue.fromM(property));
      }
      if (!properties.isEmpty()) {
        entry.put("properties", AttributeValue.fromL(properties));
      }
      excerpt.add(AttributeValue.fromM(entry));
    }
    item.put("drifts", AttributeValue.fromL(excerpt));
    if (report.detectionId() != null) {
      item.put("detectionId", s(report.detectionId()));
    }
    if (report.reason() != null && !report.reason().isBlank()) {
      item.put("reason", s(cut(report.reason(), 1000)));
    }
    item.put("alerted", AttributeValue.fromBool(report.alerted()));
    return item;
  }

  /** The stack's newest-drift item: {@code DRIFTLATEST#<account>#<region>}, sort key its name. */
  static Map<String, AttributeValue> latestKey(StackRef stack) {
    Map<String, AttributeValue> key = new HashMap<>();
    key.put(
        ControlTable.PK,
        s(ControlTable.DRIFT_LATEST_PREFIX + stack.account() + "#" + stack.region()));
    key.put(ControlTable.SK, s(stack.name()));
    return key;
  }

  /** Attribute of the newest-drift item that orders records: the record's instant as a number. */
  static final String AT_ORDER = "atOrder";

  /**
   * The newest-drift item of {@code report}: the record without its excerpt (what a list of stacks
   * shows: status, count, time, reason), and {@link #AT_ORDER}, the record's instant as a number
   * (epoch seconds and nanoseconds), because ISO instants of different precision do not sort as
   * strings.
   */
  static Map<String, AttributeValue> toLatestItem(DriftReport report) {
    Map<String, AttributeValue> item = toItem(report);
    item.remove("drifts");
    item.putAll(latestKey(report.stack()));
    item.put(AT_ORDER, AttributeValue.fromN(atOrder(report.at())));
    return item;
  }

  static String atOrder(Instant at) {
    return at.getEpochSecond() + "." + String.format(java.util.Locale.ROOT, "%09d", at.getNano());
  }

  static DriftReport fromItem(Map<String, AttributeValue> item) {
    StackRef stack = StackRef.of(str(item, "account"), str(item, "region"), str(item, "stackName"));
    List<ResourceDrift> drifts = new ArrayList<>();
    AttributeValue list = item.get("drifts");
    if (list != null && list.hasL()) {
      for (AttributeValue entry : list.l()) {
        Map<String, AttributeValue> m = entry.m();
        List<PropertyDifference> properties = new ArrayList<>();
        AttributeValue props = m.get("properties");
        if (props != null && props.hasL()) {
          for (AttributeValue p : props.l()) {
            Map<String, AttributeValue> pm = p.m();
            properties.add(
                new PropertyDifference(
                    str(pm, "path"), str(pm, "expected"), str(pm, "actual"), str(pm, "type")));
          }
        }
        drifts.add(
            new ResourceDrift(
                str(m, "logicalId"), str(m, "resourceType"), str(m, "difference"), properties));
      }
    }
    AttributeValue count = item.get("driftedCount");
    AttributeValue alerted = item.get("alerted");
    return new DriftReport(
        stack,
        Instant.parse(str(item, "at")),
        DriftStatus.valueOf(str(item, "status")),
        count == null ? 0 : Integer.parseInt(count.n()),
        drifts,
        str(item, "detectionId"),
        str(item, "reason"),
        alerted != null && Boolean.TRUE.equals(alerted.bool()));
  }

  /** {@code STACK#<account>#<region>#<name>} back to the stack; empty for any other key. */
  static Optional<StackRef> stackOf(String partitionKey) {
    if (partitionKey == null || !partitionKey.startsWith(ControlTable.STACK_PREFIX)) {
      return Optional.empty();
    }
    String[] parts = partitionKey.substring(ControlTable.STACK_PREFIX.length()).split("#", 3);
    if (parts.length != 3 || parts[2].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(StackRef.of(parts[0], parts[1], parts[2]));
  }

  private static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
