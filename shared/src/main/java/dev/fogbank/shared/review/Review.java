package dev.fogbank.shared.review;

import dev.fogbank.shared.rules.Severity;
import java.util.List;
import java.util.Map;

/**
 * What a change set would do, reviewed before it runs.
 *
 * @param riskLevel the worst risk of any change (LOW when there is none)
 * @param changes every resource change, riskiest first
 * @param countsByAction how many changes per action (Add, Modify, Remove, Import, Dynamic)
 * @param countsByRisk how many changes per risk, every level present (zero included)
 * @param exports the stack's exports this deployment removes, renames or may change
 * @param policyDenials the changes the stack policy would refuse
 * @param blocked whether the deployment must not be executed: it would fail part-way (an export
 *     still imported, a change the stack policy denies). Why, in {@code blockReasons}
 * @param notes what could not be judged and why (a template that does not parse, ...)
 */
public record Review(
    Severity riskLevel,
    List<ReviewedChange> changes,
    Map<String, Integer> countsByAction,
    Map<Severity, Integer> countsByRisk,
    List<ExportImpact> exports,
    List<PolicyDenial> policyDenials,
    boolean blocked,
    List<String> blockReasons,
    List<String> notes) {

  public Review {
    changes = List.copyOf(changes);
    countsByAction = Map.copyOf(countsByAction);
    countsByRisk = Map.copyOf(countsByRisk);
    exports = List.copyOf(exports);
    policyDenials = List.copyOf(policyDenials);
    blockReasons = List.copyOf(blockReasons);
    notes = List.copyOf(notes);
  }

  /** The change for a logical id, if the change set has one. */
  public java.util.Optional<ReviewedChange> change(String logicalId) {
    return changes.stream().filter(c -> c.logicalId().equals(logicalId)).findFirst();
  }
}
