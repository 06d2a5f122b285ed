package dev.fogbank.shared.stackevents;

import java.util.Map;
import java.util.Optional;

/**
 * Which CloudFormation stack statuses need a person, and what that person should do.
 *
 * <p>Of the documented stack statuses (DescribeStacks' {@code StackStatus}), a person is told about
 * those in which an operation has <em>ended</em> without doing what was asked:
 *
 * <ul>
 *   <li>stuck — the stack accepts no further change until someone acts: {@code
 *       UPDATE_ROLLBACK_FAILED} (continue the rollback), {@code ROLLBACK_FAILED} and {@code
 *       DELETE_FAILED} (delete, retaining what cannot go), {@code IMPORT_ROLLBACK_FAILED};
 *   <li>failed with rollback disabled — resources are left half-made: {@code CREATE_FAILED}, {@code
 *       UPDATE_FAILED};
 *   <li>failed and rolled back — the change did not land, and the people who made it may not know:
 *       {@code ROLLBACK_COMPLETE} (the stack can now only be deleted), {@code
 *       UPDATE_ROLLBACK_COMPLETE}, {@code IMPORT_ROLLBACK_COMPLETE}.
 * </ul>
 *
 * <p>Not notified: every {@code *_IN_PROGRESS} status (including {@code ROLLBACK_IN_PROGRESS} and
 * {@code UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS}), because each is followed by one of the
 * ended statuses above and notifying both would say the same thing twice; the successes ({@code
 * CREATE_COMPLETE}, {@code UPDATE_COMPLETE}, {@code IMPORT_COMPLETE}, {@code DELETE_COMPLETE}); and
 * {@code REVIEW_IN_PROGRESS} (a change set waiting, which fogbank's own deployment follows). A
 * status CloudFormation adds later is not notified until it is listed here.
 */
public final class StackStatusPolicy {

  private static final Map<String, String> NEXT_STEPS =
      Map.ofEntries(
          Map.entry(
              "UPDATE_ROLLBACK_FAILED",
              "CloudFormation could not roll the failed update back, and the stack takes no"
                  + " update until it is. Fix what blocks the rollback (often a resource changed"
                  + " or deleted outside CloudFormation), then continue the update rollback"
                  + " (ContinueUpdateRollback; resources that cannot be rolled back can be"
                  + " skipped)."),
          Map.entry(
              "ROLLBACK_FAILED",
              "Creating the stack failed and so did deleting what it had created: resources may"
                  + " remain. Fix what blocks their deletion, then delete the stack (retaining"
                  + " resources that cannot be deleted) before creating it again."),
          Map.entry(
              "DELETE_FAILED",
              "The stack was not deleted and some of its resources remain. Fix what blocks the"
                  + " deletion (a non-empty bucket, a resource still in use, permissions), then"
                  + " delete it again, retaining resources that cannot be deleted."),
          Map.entry(
              "IMPORT_ROLLBACK_FAILED",
              "An import failed and CloudFormation could not roll it back. The stack's events"
                  + " name the resources that failed; fix them before changing the stack again."),
          Map.entry(
              "CREATE_FAILED",
              "Creating the stack failed with rollback disabled: the resources created so far"
                  + " remain. Fix the cause and update the stack, roll it back (RollbackStack),"
                  + " or delete it."),
          Map.entry(
              "UPDATE_FAILED",
              "The update failed with rollback disabled: the stack is part-way through it. Fix"
                  + " the cause and update again, or roll back to the last stable state"
                  + " (RollbackStack)."),
          Map.entry(
              "ROLLBACK_COMPLETE",
              "Creating the stack failed and what it had created was deleted. A stack in this"
                  + " state cannot be updated, only deleted: fix the cause, then delete it and"
                  + " deploy again (a fogbank deployment of it deletes it first)."),
          Map.entry(
              "UPDATE_ROLLBACK_COMPLETE",
              "The update failed and was rolled back: the stack runs its previous"
                  + " configuration. The stack's events name the resource that failed; fix the"
                  + " cause and deploy again."),
          Map.entry(
              "IMPORT_ROLLBACK_COMPLETE",
              "The import failed and was rolled back: the stack is as it was before. The"
                  + " stack's events name the resource that failed; fix the cause and import"
                  + " again."));

  private StackStatusPolicy() {}

  /** Whether a person must hear that a stack reached {@code status}. */
  public static boolean needsAttention(String status) {
    return status != null && NEXT_STEPS.containsKey(status);
  }

  /** What to do about a stack in {@code status}; empty for a status that needs no one. */
  public static Optional<String> nextStep(String status) {
    return status == null ? Optional.empty() : Optional.ofNullable(NEXT_STEPS.get(status));
  }
}
