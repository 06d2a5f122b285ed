package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * An execution as the {@link FileExecutionJournal} last recorded it.
 *
 * @param currentState the last top-level state entered, null before the first
 * @param stateInput the input {@code currentState} was entered with (null before the first)
 * @param taskToken the token {@code currentState} waits on while it is a callback Task that is
 *     waiting, else null: a RUNNING execution with one can be resumed ({@link AslEngine#resume})
 * @param output the final output of a SUCCEEDED execution, else null
 * @param error the error of a FAILED execution (may be null, as on AWS)
 */
public record JournaledExecution(
    String name,
    Status status,
    JsonNode input,
    String currentState,
    JsonNode stateInput,
    String taskToken,
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

  /**
   * The error of a run cut off by the runtime while it waited for a callback: not journaled as an
   * end (the journal keeps it RUNNING with its token), so a restarted runtime resumes it.
   */
  public static final String SUSPENDED_ERROR = "Fogbank.ExecutionSuspended";

  JournaledExecution withState(String state, JsonNode stateIn, Instant at) {
    return new JournaledExecution(
        name, status, input, state, stateIn, null, startedAt, at, output, error, cause);
  }

  JournaledExecution waitingOn(String token, Instant at) {
    return new JournaledExecution(
        name, status, input, currentState, stateInput, token, startedAt, at, output, error, cause);
  }

  JournaledExecution finished(Status newStatus, JsonNode out, String err, String why, Instant at) {
    return new JournaledExecution(
        name, newStatus, input, currentState, stateInput, null, startedAt, at, out, err, why);
  }

  /** Whether a restarted runtime can pick this execution up: it was waiting for a callback. */
  public boolean resumable() {
    return status == Status.RUNNING && currentState != null && taskToken != null;
  }
}
