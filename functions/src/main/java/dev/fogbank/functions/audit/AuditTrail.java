package dev.fogbank.functions.audit;

import dev.fogbank.functions.audit.AuditEntry.Rollback;
import dev.fogbank.functions.audit.AuditEntry.TemplateChange;
import dev.fogbank.functions.audit.AuditEntry.ValueChange;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentQuery;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.HistoryPosition;
import dev.fogbank.shared.template.TemplateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns history records into audit entries. Cost per entry: one Query for the deployment before it,
 * one more for a rollback, and up to two template reads (each template read once per call).
 */
public final class AuditTrail {
  /** How far back a rollback's restored deployment is looked for. */
  static final int ROLLBACK_LOOKBACK = 100;

  private final DeploymentHistory history;
  private final TemplateStore templates;

  public AuditTrail(DeploymentHistory history, TemplateStore templates) {
    this.history = history;
    this.templates = templates;
  }

  public List<AuditEntry> entries(List<DeploymentRecord> records) {
    Map<String, Optional<List<String>>> read = new HashMap<>();
    List<AuditEntry> entries = new ArrayList<>();
    for (DeploymentRecord r : records) {
      entries.add(entry(r, read));
    }
    return entries;
  }

  private AuditEntry entry(DeploymentRecord r, Map<String, Optional<List<String>>> read) {
    DeploymentRecord before = TemplateLines.previousSucceeded(history, r).orElse(null);
    return new AuditEntry(
        r.deploymentId(),
        r.stack().name(),
        r.requestedAt(),
        r.endedAt(),
        r.requester(),
        r.source().wireName(),
        r.status().name(),
        r.error() == null ? null : r.error().code(),
        r.error() == null ? null : r.error().message(),
        r.changeSummary(),
        before == null ? null : before.deploymentId(),
        changes(before == null ? Map.of() : before.parameters(), r.parameters()),
        changes(before == null ? Map.of() : before.tags(), r.tags()),
        template(before, r, read),
        r.source() == DeploymentSource.ROLLBACK ? new Rollback(restores(r)) : null);
  }

  static List<ValueChange> changes(Map<String, String> before, Map<String, String> after) {
    Set<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    List<ValueChange> changed = new ArrayList<>();
    for (String name : names) {
      if (!Objects.equals(before.get(name), after.get(name))) {
        changed.add(new ValueChange(name, before.get(name), after.get(name)));
      }
    }
    return changed;
  }

  private TemplateChange template(
      DeploymentRecord before, DeploymentRecord r, Map<String, Optional<List<String>>> read) {
    String sha = r.templateSha256();
    if (before == null) {
      return new TemplateChange(sha, "new", null, null);
    }
    if (sha != null && sha.equals(before.templateSha256())) {
      return new TemplateChange(sha, "unchanged", 0, 0);
    }
    Optional<List<String>> old = lines(before.templateLocation(), read);
    Optional<List<String>> now = lines(r.templateLocation(), read);
    if (old.isEmpty() || now.isEmpty()) {
      return new TemplateChange(sha, "unavailable", null, null);
    }
    if (old.get().size() > TemplateLines.MAX_TEMPLATE_LINES
        || now.get().size() > TemplateLines.MAX_TEMPLATE_LINES) {
      return new TemplateChange(sha, "too-large", null, null);
    }
    TemplateLines.Summary s = TemplateLines.summary(old.get(), now.get());
    return new TemplateChange(
        sha, s.added() + s.removed() == 0 ? "unchanged" : "changed", s.added(), s.removed());
  }

  private Optional<List<String>> lines(String location, Map<String, Optional<List<String>>> read) {
    if (location == null) {
      return Optional.empty();
    }
    return read.computeIfAbsent(
        location,
        l -> {
          try {
            return Optional.of(TemplateLines.lines(templates.get(l)));
          } catch (DeploymentException e) {
            return Optional.empty();
          }
        });
  }

  /** The newest earlier SUCCEEDED deployment with the rollback's template and parameters. */
  private String restores(DeploymentRecord r) {
    return history
        .find(
            r.stack(),
            new DeploymentQuery(null, null, Set.of(DeploymentStatus.SUCCEEDED), Set.of()),
            HistoryPosition.of(r),
            ROLLBACK_LOOKBACK)
        .stream()
        .filter(
            d ->
                Objects.equals(d.templateSha256(), r.templateSha256())
                    && d.parameters().equals(r.parameters()))
        .map(DeploymentRecord::deploymentId)
        .findFirst()
        .orElse(null);
  }
}
