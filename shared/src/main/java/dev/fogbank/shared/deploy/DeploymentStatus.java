package dev.fogbank.shared.deploy;

public enum DeploymentStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  NO_CHANGES,
  FAILED,
  /** Refused by the Validate step's rules under the deployment's policy; no change set exists. */
  REJECTED,
  /** The reviewed change set waits for a person's approve or reject. */
  AWAITING_APPROVAL,
  /** Rejected by a person, or no decision in time: the change set was deleted, nothing ran. */
  CANCELLED;

  public boolean isTerminal() {
    return this == SUCCEEDED
        || this == NO_CHANGES
        || this == FAILED
        || this == REJECTED
        || this == CANCELLED;
  }
}
