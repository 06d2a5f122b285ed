package dev.fogbank.shared.deploy;

/**
 * Timing knobs a deployment carries through the state machine (seconds). Defaults suit AWS; the
 * local runtime shortens the polls.
 */
public record DeploymentOptions(
    int lockWaitSeconds,
    int lockPollSeconds,
    int lockTtlSeconds,
    int changeSetTimeoutSeconds,
    int stackPollSeconds,
    int stackTimeoutSeconds) {

  public static DeploymentOptions defaults() {
    return new DeploymentOptions(600, 5, 7200, 300, 5, 3600);
  }

  public DeploymentOptions withLockWaitSeconds(int seconds) {
    return new DeploymentOptions(
        seconds, lockPollSeconds, lockTtlSeconds, changeSetTimeoutSeconds, stackPollSeconds,
        stackTimeoutSeconds);
  }

  public DeploymentOptions withPolls(int lockPoll, int stackPoll) {
    return new DeploymentOptions(
        lockWaitSeconds, lockPoll, lockTtlSeconds, changeSetTimeoutSeconds, stackPoll,
        stackTimeoutSeconds);
  }
}
