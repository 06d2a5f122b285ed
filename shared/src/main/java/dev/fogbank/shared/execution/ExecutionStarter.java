package dev.fogbank.shared.execution;

/** Starts the deploy state machine: Step Functions in AWS, the local ASL engine locally. */
public interface ExecutionStarter {

  /**
   * Starts an execution with a caller-chosen unique name and JSON input. Starting a name that
   * already exists starts nothing and returns {@code alreadyStarted = true}.
   */
  StartedExecution start(String executionName, String inputJson);

  record StartedExecution(String executionId, boolean alreadyStarted) {}
}
