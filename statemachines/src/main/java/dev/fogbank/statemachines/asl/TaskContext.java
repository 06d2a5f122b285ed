package dev.fogbank.statemachines.asl;

import java.time.Duration;

/**
 * What a {@link TaskInvoker} knows about the call it serves.
 *
 * @param retryCount 0 on the first attempt, then the number of retries so far
 * @param timeout the state's TimeoutSeconds (or TimeoutSecondsPath value); when neither is set,
 *     AWS's default of 99999999 seconds
 */
public record TaskContext(
    String executionName, String stateName, int retryCount, Duration timeout) {}
