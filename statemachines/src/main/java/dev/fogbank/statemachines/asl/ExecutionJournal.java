package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Records an execution's progress so that a restarted runtime can find executions that were cut
 * off. Only states of the top-level graph are reported (not Parallel branches or Map iterations).
 */
public interface ExecutionJournal {

  /** Records nothing. */
  ExecutionJournal NONE = new ExecutionJournal() {};

  /** The execution started with this input (each callback records nothing unless overridden). */
  default void started(String name, JsonNode input) {}

  /** A top-level state was entered with this input. */
  default void entered(String name, String stateName, JsonNode stateInput) {}

  /** The execution ended. */
  default void finished(String name, ExecutionResult result) {}

  /**
   * A state was entered at any depth (a Map iteration's or a Parallel branch's too): what Step
   * Functions counts, and bills, as a state transition. Called from the iteration's own thread.
   */
  default void transition(String name, String stateName) {}

  /**
   * A top-level callback Task (entered last) now waits on {@code taskToken}: recorded so that a
   * restarted runtime can wait on the same token ({@link AslEngine#resume}). The next {@link
   * #entered} or {@link #finished} ends the wait.
   */
  default void waiting(String name, String stateName, String taskToken) {}
}
