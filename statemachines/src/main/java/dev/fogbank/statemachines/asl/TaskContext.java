package dev.fogbank.statemachines.asl;

import java.time.Duration;

/**
 * What a {@link TaskInvoker} knows about the call it serves.
 *
 * @param retryCount 0 on the first attempt, then the number of retries so far
 * @param timeout the state's TimeoutSeconds (or TimeoutSecondsPath value); when neither is set,
 *     AWS's default of 99999999 seconds
 * @param taskToken the attempt's task token ({@code $$.Task.Token}) for a {@code
 *     .waitForTaskToken} Task, else null
 */
public record TaskContext(
    String executionName, String stateName, int retryCount, Duration timeout, String taskToken) {

  /** The context of a Task that waits for no callback. */
  public TaskContext(String executionName, String stateName, int retryCount, Duration timeout) {
    this(executionName, stateName, retryCount, timeout, null);
  }
}
