package dev.fogbank.shared.stack;

import java.util.Objects;

/**
 * One resource a change set (or a comparison of templates) would change.
 *
 * @param action Add, Modify, Remove, Import or Dynamic (as CloudFormation says)
 * @param replacement True, False, Conditional, or null where unknown (emulators leave it out)
 * @param reason why, when the row comes from comparing templates rather than from a change set
 *     (e.g. "parameter ApiCodeKey changed"); null for CloudFormation's own rows
 */
public record ResourceChange(
    String action, String logicalId, String resourceType, String replacement, String reason) {

  public ResourceChange {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(logicalId, "logicalId");
  }

  /** A row of CloudFormation's own. */
  public ResourceChange(String action, String logicalId, String resourceType, String replacement) {
    this(action, logicalId, resourceType, replacement, null);
  }

  /** CloudFormation would (or might) delete the resource and create a new one. */
  public boolean replaces() {
    return "True".equalsIgnoreCase(replacement) || "Conditional".equalsIgnoreCase(replacement);
  }

  public boolean removes() {
    return "Remove".equals(action);
  }
}
