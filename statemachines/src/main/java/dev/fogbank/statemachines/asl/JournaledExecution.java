package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An execution as the {@link FileExecutionJournal} last recorded it.
 *
 * @param currentState the last top-level state entered, null before the first
 * @param output the final output of a SUCCEEDED execution, else null
 * @param error the error of a FAILED execution (may be null, as on AWS)
 */
public record JournaledExecution(
    String name,
    Status status,
    JsonNode input,
    String currentState,
    Instant startedAt,
    Instant updatedAt,
    JsonNode output,
    String error,
    String cause) {

  /** RUNNING until the engine reports the end; still RUNNING after a restart means cut off. */
  public enum Status {
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  /**
   * The error of an execution cut off by the runtime: recorded by {@link
   * FileExecutionJournal#markInterrupted}, and the result of a run whose thread was interrupted.
   */
  public static final String INTERRUPTED_ERROR = "Fogbank.ExecutionInterrupted";

  JournaledExecution withState(String state, Instant at) {
    return new JournaledExecution(name, status, input, state, startedAt, at, output, error, cause);
  }

  JournaledExecution finished(Status newStatus, JsonNode out, String err, String why, Instant at) {
    return new JournaledExecution(
        name, newStatus, input, currentState, startedAt, at, out, err, why);
  }
}
