package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.wait.Pause;
import java.time.Clock;
import java.util.Objects;

/**
 * Runs Amazon States Language definitions (JSONPath query language) in-process, with the semantics
 * of AWS Step Functions for Pass, Task, Choice, Wait, Succeed, Fail, Parallel and inline Map
 * states, input/output processing, intrinsic functions, Retry and Catch.
 *
 * <p>Task states call the {@link TaskInvoker}; Wait states and Retry intervals go through the
 * {@link Pause}; progress is reported to the {@link ExecutionJournal}. An engine is thread-safe:
 * executions may run concurrently.
 */
public final class AslEngine {

  /** The state machine name in the context object when the caller gives none. */
  public static final String DEFAULT_STATE_MACHINE_NAME = "fogbank-local";

  /** How the Cause of a States.Runtime failure that is this engine's own fault begins. */
  static final String ENGINE_FAULT_CAUSE = "The local ASL engine failed: ";

  private final TaskInvoker invoker;
  private final ExecutionJournal journal;
  private final Pause sleeper;
  private final Clock clock;

  private AslEngine(TaskInvoker invoker, ExecutionJournal journal, Pause sleeper, Clock clock) {
    this.invoker = Objects.requireNonNull(invoker, "invoker");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** An engine that journals nothing, really sleeps and uses the UTC system clock. */
  public static AslEngine create(TaskInvoker invoker) {
    return new AslEngine(invoker, ExecutionJournal.NONE, Pause.SYSTEM, Clock.systemUTC());
  }

  public static AslEngine create(
      TaskInvoker invoker, ExecutionJournal journal, Pause sleeper, Clock clock) {
    return new AslEngine(invoker, journal, sleeper, clock);
  }

  /**
   * Parses and checks a definition.
   *
   * @throws AslDefinitionException if it is not JSON or not a valid (supported) state machine
   */
  public static JsonNode parseDefinition(String json) {
    JsonNode definition;
    try {
      definition = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw new AslDefinitionException("The definition is " + e.getMessage());
    }
    DefinitionParser.parse(definition);
    return definition;
  }

  /** Runs an execution to its end, with {@link #DEFAULT_STATE_MACHINE_NAME} as the machine. */
  public ExecutionResult run(String executionName, JsonNode definition, JsonNode input) {
    return run(DEFAULT_STATE_MACHINE_NAME, executionName, definition, input);
  }

  /**
   * Runs an execution to its end on the calling thread (Parallel branches and Map iterations use
   * virtual threads). A failed execution is a result, not an exception.
   *
   * @throws AslDefinitionException if the definition is invalid; nothing is journaled then
   */
  public ExecutionResult run(
      String stateMachineName, String executionName, JsonNode definition, JsonNode input) {
    DefinitionParser.StateMachine machine = DefinitionParser.parse(definition);
    JsonNode actualInput = input == null ? Json.NODES.objectNode() : input;
    Execution execution =
        new Execution(
            executionName,
            stateMachineName,
            actualInput,
            machine.timeout(),
            invoker,
            sleeper,
            clock,
            journal);
    journal.started(executionName, actualInput);
    ExecutionResult result;
    try {
      result = ExecutionResult.succeeded(machine.graph().run(actualInput, execution, true));
    } catch (AslFailure failure) {
      result = ExecutionResult.failed(failure.error(), failure.cause());
    } catch (ExecutionStopped stopped) {
      result = ExecutionResult.failed(stopped.error(), stopped.cause());
    } catch (RuntimeException bug) {
      // The result is this engine's boundary: report an engine fault as a failed execution
      // rather than leaving it RUNNING in the journal.
      result =
          ExecutionResult.failed(
              StatesErrors.RUNTIME,
              ENGINE_FAULT_CAUSE + bug.getClass().getName() + ": " + bug.getMessage());
    }
    journal.finished(executionName, result);
    return result;
  }
}
