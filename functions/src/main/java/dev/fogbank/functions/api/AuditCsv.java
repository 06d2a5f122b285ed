package dev.fogbank.functions.api;

import dev.fogbank.functions.audit.AuditEntry;
import dev.fogbank.functions.audit.AuditEntry.ValueChange;
import java.util.List;
import java.util.stream.Collectors;

/** {@code GET /audit} as CSV ({@link Csv}): one row per change, newest first. */
final class AuditCsv {
  static final List<String> HEADER =
      List.of(
          "requestedAt", "endedAt", "stack", "deploymentId", "requester", "source", "status",
          "errorCode", "adds", "modifies", "removes", "against", "templateStatus", "linesAdded",
          "linesRemoved", "parameterChanges", "tagChanges", "restores");

  private AuditCsv() {}

  static String of(List<AuditEntry> entries) {
    Csv csv = new Csv(HEADER);
    for (AuditEntry e : entries) {
      csv.row(
          e.requestedAt(), e.endedAt(), e.stackName(), e.deploymentId(), e.requester(),
          e.source(), e.status(), e.errorCode(),
          e.changeSummary() == null ? null : e.changeSummary().adds(),
          e.changeSummary() == null ? null : e.changeSummary().modifies(),
          e.changeSummary() == null ? null : e.changeSummary().removes(),
          e.against(), e.template().status(), e.template().linesAdded(),
          e.template().linesRemoved(), changes(e.parameters()), changes(e.tags()),
          e.rollback() == null ? null : e.rollback().restores());
    }
    return csv.text();
  }

  /** {@code Name: before -> after; ...}, {@code (none)} for an absent value. */
  static String changes(List<ValueChange> changes) {
    return changes.stream()
        .map(c -> c.name() + ": " + shown(c.before()) + " -> " + shown(c.after()))
        .collect(Collectors.joining("; "));
  }

  private static String shown(String value) {
    return value == null ? "(none)" : value;
  }
}
