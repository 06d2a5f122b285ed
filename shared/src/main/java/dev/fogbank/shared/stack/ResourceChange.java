package dev.fogbank.shared.stack;

import java.util.List;
import java.util.Objects;

/**
 * One resource a change set (or a comparison of templates) would change.
 *
 * @param action Add, Modify, Remove, Import or Dynamic (as CloudFormation says)
 * @param replacement True, False, Conditional, or null where unknown (emulators leave it out)
 * @param reason why, when the row comes from comparing templates rather than from a change set
 *     (e.g. "parameter ApiCodeKey changed"); null for CloudFormation's own rows
 * @param scope what CloudFormation says changes: Properties, Metadata, CreationPolicy,
 *     UpdatePolicy, DeletionPolicy, UpdateReplacePolicy, Tags; empty when it does not say
 * @param details CloudFormation's per-target details of a Modify (empty when it gives none)
 */
public record ResourceChange(
    String action,
    String logicalId,
    String resourceType,
    String replacement,
    String reason,
    List<String> scope,
    List<Detail> details) {

  /**
   * One entry of a change's {@code Details}: which attribute or property changes, and whether
   * CloudFormation expects that to recreate the resource.
   *
   * @param attribute the target's Attribute (Properties, Metadata, Tags, ...)
   * @param name the property name when {@code attribute} is Properties, else null
   * @param requiresRecreation Never, Conditionally or Always; null when not given
   * @param evaluation Static (known now) or Dynamic (known only during the update)
   * @param changeSource ResourceReference, ParameterReference, ResourceAttribute,
   *     DirectModification or Automatic
   * @param causingEntity the logical id or parameter that causes it, when there is one
   */
  public record Detail(
      String attribute,
      String name,
      String requiresRecreation,
      String evaluation,
      String changeSource,
      String causingEntity) {}

  public ResourceChange {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(logicalId, "logicalId");
    scope = scope == null ? List.of() : List.copyOf(scope);
    details = details == null ? List.of() : List.copyOf(details);
  }

  /** A row compared from templates, without CloudFormation's details. */
  public ResourceChange(
      String action, String logicalId, String resourceType, String replacement, String reason) {
    this(action, logicalId, resourceType, replacement, reason, List.of(), List.of());
  }

  /** A row of CloudFormation's own, without details. */
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
