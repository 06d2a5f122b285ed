package dev.fogbank.functions.console;

import dev.fogbank.shared.drift.DriftReport;
import java.util.List;

/** A stack's newest drift record for its page: each drifted resource with expected vs actual. */
public record DriftView(
    String status, String at, int driftedCount, String reason, List<Resource> resources,
    boolean cut) {
  public record Resource(String logicalId, String type, String difference, List<Property> properties) {}

  public record Property(String path, String expected, String actual, String type) {}

  static DriftView of(DriftReport r) {
    return new DriftView(
        r.status().name(),
        ConsoleViews.time(r.at()),
        r.driftedCount(),
        r.reason() == null ? "" : r.reason(),
        r.excerpt().stream()
            .map(d -> new Resource(d.logicalId(), d.resourceType() == null ? "" : d.resourceType(),
                d.difference(),
                d.properties().stream()
                    .map(p -> new Property(p.path(), p.expected() == null ? "" : p.expected(),
                        p.actual() == null ? "" : p.actual(), p.type() == null ? "" : p.type()))
                    .toList()))
            .toList(),
        r.driftedCount() > r.excerpt().size());
  }
}
