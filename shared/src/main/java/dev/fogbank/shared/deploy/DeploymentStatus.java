package dev.fogbank.shared.deploy;

public enum DeploymentStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  NO_CHANGES,
  FAILED,
  /** Refused by the Validate step's rules under the deployment's policy; no change set exists. */
  REJECTED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == NO_CHANGES || this == FAILED || this == REJECTED;
  }
}
