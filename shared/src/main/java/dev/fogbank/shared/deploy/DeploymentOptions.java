package dev.fogbank.shared.deploy;

/**
 * Timing knobs a deployment carries through the state machine (seconds). Defaults suit AWS; the
 * local runtime shortens the polls.
 *
 * <p>{@code stackHeartbeatSeconds}: how long WaitForStack waits for the stack-events function's
 * callback before it falls back to asking CloudFormation (DescribeStacks); each later wait doubles
 * it, up to four times this value. Long enough that a typical stack settles within one wait (a
 * missed event costs at most this), short enough that a lost event costs minutes. Locally no
 * events come, so the local runtime makes it its stack poll ({@link #withPolls}).
 */
public record DeploymentOptions(
    int lockWaitSeconds,
    int lockPollSeconds,
    int lockTtlSeconds,
    int changeSetTimeoutSeconds,
    int stackPollSeconds,
    int stackTimeoutSeconds,
    Integer stackHeartbeatSeconds) {

  static final int DEFAULT_STACK_HEARTBEAT_SECONDS = 900;

  public DeploymentOptions {
    // Executions started before this option existed carry none.
    stackHeartbeatSeconds =
        stackHeartbeatSeconds == null || stackHeartbeatSeconds < 1
            ? DEFAULT_STACK_HEARTBEAT_SECONDS
            : stackHeartbeatSeconds;
  }

  public DeploymentOptions(
      int lockWaitSeconds,
      int lockPollSeconds,
      int lockTtlSeconds,
      int changeSetTimeoutSeconds,
      int stackPollSeconds,
      int stackTimeoutSeconds) {
    this(
        lockWaitSeconds,
        lockPollSeconds,
        lockTtlSeconds,
        changeSetTimeoutSeconds,
        stackPollSeconds,
        stackTimeoutSeconds,
        DEFAULT_STACK_HEARTBEAT_SECONDS);
  }

  public static DeploymentOptions defaults() {
    return new DeploymentOptions(600, 5, 7200, 300, 5, 3600);
  }

  public DeploymentOptions withLockWaitSeconds(int seconds) {
    return new DeploymentOptions(
        seconds, lockPollSeconds, lockTtlSeconds, changeSetTimeoutSeconds, stackPollSeconds,
        stackTimeoutSeconds, stackHeartbeatSeconds);
  }

  /** Polls of the lock and of the stack; the stack wait's heartbeat becomes the stack poll. */
  public DeploymentOptions withPolls(int lockPoll, int stackPoll) {
    return new DeploymentOptions(
        lockWaitSeconds, lockPoll, lockTtlSeconds, changeSetTimeoutSeconds, stackPoll,
        stackTimeoutSeconds, stackPoll);
  }
}
