package dev.fogbank.infrastructure.bootstrap;

import java.util.Objects;

/**
 * One resource a deployment would change.
 *
 * @param action Add, Modify, Remove (as CloudFormation says)
 * @param replacement True, False, Conditional, or null where unknown (emulators leave it out)
 * @param reason why, when the row comes from comparing templates rather than from a change set
 *     (e.g. "parameter ApiCodeKey changed"); null for CloudFormation's own rows
 */
public record PlannedChange(
    String action, String logicalId, String resourceType, String replacement, String reason) {

  public PlannedChange {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(logicalId, "logicalId");
  }

  /** CloudFormation would (or might) delete the resource and create a new one. */
  public boolean replaces() {
    return "True".equalsIgnoreCase(replacement) || "Conditional".equalsIgnoreCase(replacement);
  }

  public boolean removes() {
    return "Remove".equals(action);
  }
}
