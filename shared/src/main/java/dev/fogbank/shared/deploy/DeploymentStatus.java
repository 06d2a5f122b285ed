package dev.fogbank.shared.deploy;

public enum DeploymentStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  NO_CHANGES,
  FAILED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == NO_CHANGES || this == FAILED;
  }
}
