package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How an execution ended. A failed execution has no output; its error and cause may be null, as
 * they are on AWS for a Fail state that names neither.
 */
public record ExecutionResult(Status status, JsonNode output, String error, String cause) {

  /** Terminal status of an execution. */
  public enum Status {
    SUCCEEDED,
    FAILED
  }

  public static ExecutionResult succeeded(JsonNode output) {
    return new ExecutionResult(Status.SUCCEEDED, output, null, null);
  }

  public static ExecutionResult failed(String error, String cause) {
    return new ExecutionResult(Status.FAILED, null, error, cause);
  }

  public boolean succeeded() {
    return status == Status.SUCCEEDED;
  }
}
