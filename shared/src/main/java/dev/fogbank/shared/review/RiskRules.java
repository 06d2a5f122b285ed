package dev.fogbank.shared.review;

import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.template.ResourceDefinition;
import dev.fogbank.shared.template.ResourceDefinition.Policy;

/**
 * How risky one change is, in words: CRITICAL when data is lost (a stateful resource replaced or
 * removed without a policy that keeps it), HIGH for access, security-group and network changes and
 * any other replacement, MEDIUM for other modifications and removals, LOW for additions and
 * imports.
 */
final class RiskRules {

  record Assessment(Severity risk, String reason) {}

  private RiskRules() {}

  /**
   * @param deployed the resource in the deployed template (null when unknown or added)
   * @param next the resource in the new template (null when unknown or removed)
   * @param why why it is (or may be) replaced, or what changes, in words
   */
  static Assessment assess(
      String action,
      String logicalId,
      String type,
      Replacement replacement,
      String why,
      ResourceDefinition<?> deployed,
      ResourceDefinition<?> next) {
    String subject = (type == null ? "resource" : type) + " " + logicalId;
    String kind = ResourceKinds.accessOrNetwork(type);
    switch (action) {
      case "Add":
        return new Assessment(Severity.LOW, subject + " is added");
      case "Import":
        return new Assessment(
            Severity.LOW, subject + " is imported: an existing resource comes under the stack");
      case "Remove":
        return removal(subject, type, kind, deployed);
      default:
        break;
    }
    if (replacement != Replacement.FALSE) {
      return replacement(subject, type, kind, replacement, why, deployed, next);
    }
    if (kind != null) {
      return new Assessment(
          Severity.HIGH, kind + " change: " + subject + " is modified (" + why + ")");
    }
    return new Assessment(Severity.MEDIUM, subject + " is modified in place (" + why + ")");
  }

  private static Assessment removal(
      String subject, String type, String kind, ResourceDefinition<?> deployed) {
    if (ResourceKinds.isStateful(type)) {
      Keeps keeps = keeps(type, deletionPolicy(type, deployed), deployed, "DeletionPolicy");
      if (keeps.keeps()) {
        return new Assessment(
            Severity.MEDIUM,
            subject
                + " is removed from the stack; "
                + keeps.words()
                + " keeps it, no longer managed by the stack");
      }
      return new Assessment(
          Severity.CRITICAL,
          subject
              + " is removed: CloudFormation deletes it and the data it holds ("
              + keeps.words()
              + "; "
              + remedy(type, "DeletionPolicy")
              + ")");
    }
    if (kind != null) {
      return new Assessment(Severity.HIGH, kind + " change: " + subject + " is removed");
    }
    return new Assessment(Severity.MEDIUM, subject + " is removed: CloudFormation deletes it");
  }

  private static Assessment replacement(
      String subject,
      String type,
      String kind,
      Replacement replacement,
      String why,
      ResourceDefinition<?> deployed,
      ResourceDefinition<?> next) {
    String is = replacement == Replacement.TRUE ? " is replaced" : " may be replaced";
    if (ResourceKinds.isStateful(type)) {
      ResourceDefinition<?> source = next != null ? next : deployed;
      Policy policy = source == null ? null : source.updateReplacePolicyValue();
      Keeps keeps = keeps(type, policy, source, "UpdateReplacePolicy");
      if (keeps.keeps()) {
        return new Assessment(
            Severity.HIGH,
            subject
                + is
                + " ("
                + why
                + "): "
                + keeps.words()
                + " keeps the old one and its data, but the new one starts empty");
      }
      return new Assessment(
          Severity.CRITICAL,
          subject
              + is
              + " ("
              + why
              + "): CloudFormation creates a new one and deletes the old one with its data ("
              + keeps.words()
              + "; "
              + remedy(type, "UpdateReplacePolicy")
              + ")");
    }
    String prefix = kind == null ? "" : kind + " change: ";
    return new Assessment(
        Severity.HIGH,
        prefix
            + subject
            + is
            + " ("
            + why
            + "): a new resource with a new physical id; what refers to it is updated");
  }

  private record Keeps(boolean keeps, String words) {}

  /** Whether the policy keeps the data, and the policy in words. */
  private static Keeps keeps(
      String type, Policy policy, ResourceDefinition<?> resource, String attribute) {
    if (resource == null) {
      return new Keeps(false, "its " + attribute + " is unknown: no readable template declares it");
    }
    if (policy == null) {
      if (resource != null && resource.otherAttributes().containsKey(attribute)) {
        return new Keeps(
            false, attribute + " is given by a function, known only during the update");
      }
      return new Keeps(false, "no " + attribute);
    }
    boolean keeps =
        switch (policy) {
          case Retain, RetainExceptOnCreate -> true;
          case Snapshot -> ResourceKinds.supportsSnapshot(type);
          case Delete -> false;
        };
    return new Keeps(keeps, attribute + " " + policy.name());
  }

  /**
   * The DeletionPolicy CloudFormation applies: the template's, else Snapshot for an RDS cluster and
   * an RDS instance outside a cluster (CloudFormation's documented default), else Delete.
   */
  private static Policy deletionPolicy(String type, ResourceDefinition<?> deployed) {
    if (deployed == null) {
      return null;
    }
    if (deployed.deletionPolicyValue() != null) {
      return deployed.deletionPolicyValue();
    }
    boolean rdsDefault =
        "AWS::RDS::DBCluster".equals(type)
            || ("AWS::RDS::DBInstance".equals(type)
                && !deployed.properties().containsKey("DBClusterIdentifier"));
    return rdsDefault && !deployed.otherAttributes().containsKey("DeletionPolicy")
        ? Policy.Snapshot
        : null;
  }

  private static String remedy(String type, String attribute) {
    return "set "
        + attribute
        + ": Retain"
        + (ResourceKinds.supportsSnapshot(type) ? " or Snapshot" : "")
        + " to keep it";
  }
}
