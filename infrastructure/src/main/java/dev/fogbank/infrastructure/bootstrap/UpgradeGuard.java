package dev.fogbank.infrastructure.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.stack.ResourceChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a self-upgrade may go ahead: it may not delete or replace the control plane's
 * data-holding resources (its table, its buckets, its topic). Judged twice: statically, from the
 * deployed and the new template (a protected logical ID that disappears or changes type), and from
 * the change set's rows (Remove, or Replacement True/Conditional), because only CloudFormation
 * knows which property changes replace a resource.
 */
public final class UpgradeGuard {

  private final Set<String> protectedIds;
  private final Set<String> protectedTypes;

  public UpgradeGuard(Set<String> protectedIds, Set<String> protectedTypes) {
    this.protectedIds = Set.copyOf(protectedIds);
    this.protectedTypes = Set.copyOf(protectedTypes);
  }

  public static UpgradeGuard of(ControlPlaneLayout layout) {
    return new UpgradeGuard(layout.protectedResources(), layout.protectedTypes());
  }

  /**
   * Why the upgrade must be refused, one reason per resource; empty when it may go ahead.
   *
   * @param current the deployed template
   * @param next the new template
   * @param changes the change set's rows (or, where it gives none, the template comparison's)
   */
  public List<String> refusals(JsonNode current, JsonNode next, List<ResourceChange> changes) {
    Map<String, String> guarded = guarded(current);
    JsonNode newResources = next.path("Resources");
    Map<String, String> reasons = new LinkedHashMap<>();
    guarded.forEach(
        (id, type) -> {
          JsonNode now = newResources.get(id);
          if (now == null) {
            reasons.put(
                id,
                id + " (" + type + ") would be deleted: the new template has no resource " + id);
          } else if (!type.equals(now.path("Type").asText())) {
            reasons.put(
                id,
                id
                    + " ("
                    + type
                    + ") would be replaced: the new template makes it "
                    + now.path("Type").asText());
          }
        });
    for (ResourceChange change : changes) {
      String id = change.logicalId();
      if (!guarded.containsKey(id) || reasons.containsKey(id)) {
        continue;
      }
      if (change.removes()) {
        reasons.put(id, id + " (" + guarded.get(id) + ") would be deleted (change set: Remove)");
      } else if (change.replaces()) {
        reasons.put(
            id,
            id
                + " ("
                + guarded.get(id)
                + ") would be replaced (change set: Replacement "
                + change.replacement()
                + ")");
      }
    }
    return new ArrayList<>(reasons.values());
  }

  /** Protected resources of the deployed template: logical ID → type. */
  private Map<String, String> guarded(JsonNode current) {
    Map<String, String> guarded = new LinkedHashMap<>();
    Set<String> ids = new LinkedHashSet<>();
    current.path("Resources").fieldNames().forEachRemaining(ids::add);
    for (String id : ids) {
      String type = current.path("Resources").path(id).path("Type").asText("");
      if (protectedIds.contains(id) || protectedTypes.contains(type)) {
        guarded.put(id, Objects.requireNonNullElse(type, ""));
      }
    }
    return guarded;
  }
}
