package dev.fogbank.shared.execution;

/**
 * Completes a deploy execution's callback Task: Step Functions' SendTaskSuccess with the task token
 * the execution handed out (kept with the stack's lock while WaitForStack waits).
 */
public interface DeploymentResumer {

  /**
   * Resumes the task waiting on {@code taskToken} with {@code outputJson} as its result.
   *
   * @return false if no task waits on that token any more (it already ended: completed, timed out,
   *     or the execution stopped) — an expected race with the heartbeat fallback, not a failure
   */
  boolean resume(String taskToken, String outputJson);

  /**
   * Fails the task waiting on {@code taskToken} with {@code error} (e.g. {@code fogbank.CANCELLED},
   * which the state's Catch matches) and {@code cause}: SendTaskFailure.
   *
   * @return false if no task waits on that token any more
   */
  boolean fail(String taskToken, String error, String cause);
}
