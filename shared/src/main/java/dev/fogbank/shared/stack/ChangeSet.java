package dev.fogbank.shared.stack;

import dev.fogbank.shared.deploy.ChangeSummary;
import java.util.List;

/**
 * A change set as fogbank knows it: created ({@link Status#CREATING}), then, once CloudFormation
 * finished with it, READY to execute, NO_CHANGES (already deleted by the gateway) or FAILED with
 * CloudFormation's reason; or, when listed, EXECUTED.
 *
 * @param changeSetId the change set's ARN; null when CloudFormation refused an empty update at once
 *     (some endpoints do), which is NO_CHANGES
 * @param type CREATE or UPDATE; null for a change set read from a listing, which does not say
 * @param reason why it FAILED or has NO_CHANGES, as CloudFormation words it; else null
 * @param changes the resource rows of a READY change set
 */
public record ChangeSet(
    String stackName,
    String stackId,
    String changeSetId,
    String name,
    Type type,
    Status status,
    String reason,
    List<ResourceChange> changes) {

  public enum Type {
    CREATE,
    UPDATE
  }

  public enum Status {
    CREATING,
    READY,
    NO_CHANGES,
    FAILED,
    /** Being executed or executed: no longer pending. */
    EXECUTED
  }

  public ChangeSet {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  /** Just created: CloudFormation is computing it. */
  public static ChangeSet creating(
      String stackName, String stackId, String changeSetId, String name, Type type) {
    return new ChangeSet(
        stackName, stackId, changeSetId, name, type, Status.CREATING, null, List.of());
  }

  /** The same change set in another status. */
  public ChangeSet with(Status newStatus, String newReason, List<ResourceChange> newChanges) {
    return new ChangeSet(
        stackName, stackId, changeSetId, name, type, newStatus, newReason, newChanges);
  }

  public ChangeSummary summary() {
    int adds = 0;
    int modifies = 0;
    int removes = 0;
    for (ResourceChange c : changes) {
      switch (c.action()) {
        case "Add", "Import" -> adds++;
        case "Remove" -> removes++;
        default -> modifies++;
      }
    }
    return new ChangeSummary(adds, modifies, removes);
  }
}
