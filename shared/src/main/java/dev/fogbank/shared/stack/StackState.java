package dev.fogbank.shared.stack;

/** What CloudFormation says about a stack right now. */
public record StackState(String stackName, String stackId, String status, String statusReason) {

  /** CloudFormation is working on it (any {@code *_IN_PROGRESS} status). */
  public boolean inProgress() {
    return status.endsWith("_IN_PROGRESS");
  }

  /** The last operation ended well. */
  public boolean succeeded() {
    return status.equals("CREATE_COMPLETE")
        || status.equals("UPDATE_COMPLETE")
        || status.equals("IMPORT_COMPLETE");
  }

  /** The last operation ended and did not succeed (failed or rolled back). */
  public boolean failed() {
    return !inProgress() && !succeeded();
  }

  /** A stack created through a change set that was never executed. */
  public boolean inReview() {
    return status.equals("REVIEW_IN_PROGRESS");
  }

  /** A failed creation: CloudFormation refuses updates; it must be deleted to be re-created. */
  public boolean needsDeleteBeforeCreate() {
    return status.equals("ROLLBACK_COMPLETE") || status.equals("ROLLBACK_FAILED");
  }
}
