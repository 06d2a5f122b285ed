package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.wait.Pause;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs Amazon States Language definitions (JSONPath query language) in-process, with the semantics
 * of AWS Step Functions for Pass, Task, Choice, Wait, Succeed, Fail, Parallel and Map
 * states (inline, and Distributed with each item a child execution), input/output processing,
 * intrinsic functions, Retry and Catch.
 *
 * <p>Task states call the {@link TaskInvoker}; Wait states and Retry intervals go through the
 * {@link Pause}; progress is reported to the {@link ExecutionJournal}. An engine is thread-safe:
 * executions may run concurrently.
 *
 * <p>Callback Tasks ({@code .waitForTaskToken}) are completed through {@link #sendTaskSuccess},
 * {@link #sendTaskFailure} and kept alive by {@link #sendTaskHeartbeat}, which answer a bad token
 * as Step Functions does ({@link TaskTokenException}). An execution runs on its caller's thread,
 * so a waiting execution parks that thread (a virtual thread parks without holding a carrier); its
 * token is journaled, and after a restart {@link #resume} waits on the same token again.
 */
public final class AslEngine {

  /** The state machine name in the context object when the caller gives none. */
  public static final String DEFAULT_STATE_MACHINE_NAME = "fogbank-local";

  /** How the Cause of a States.Runtime failure that is this engine's own fault begins. */
  static final String ENGINE_FAULT_CAUSE = "The local ASL engine failed: ";

  /** SendTaskFailure's limits on its error and cause, as the Step Functions API sets them. */
  static final int MAX_ERROR_LENGTH = 256;

  static final int MAX_CAUSE_LENGTH = 32_768;

  private final TaskInvoker invoker;
  private final ExecutionJournal journal;
  private final Pause sleeper;
  private final Clock clock;
  private final TaskTokens tokens;

  private AslEngine(TaskInvoker invoker, ExecutionJournal journal, Pause sleeper, Clock clock) {
    this.invoker = Objects.requireNonNull(invoker, "invoker");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tokens = new TaskTokens(clock);
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
    return run(stateMachineName, executionName, definition, input, true);
  }

  /**
   * As {@link #run(String, JsonNode, JsonNode)}, for a caller that already journaled the start
   * with this very input ({@link ExecutionJournal#started}, before it answered StartExecution): the
   * start is not written a second time.
   */
  public ExecutionResult runStarted(String executionName, JsonNode definition, JsonNode input) {
    return run(DEFAULT_STATE_MACHINE_NAME, executionName, definition, input, false);
  }

  private ExecutionResult run(
      String stateMachineName,
      String executionName,
      JsonNode definition,
      JsonNode input,
      boolean journalStart) {
    DefinitionParser.StateMachine machine = parsed(definition);
    JsonNode actualInput = input == null ? Json.NODES.objectNode() : input;
    Execution execution = execution(stateMachineName, executionName, actualInput, machine, null);
    if (journalStart) {
      journal.started(executionName, actualInput);
    }
    return finish(execution, () -> machine.graph().run(actualInput, execution, true));
  }

  /** The definition last parsed, and what it parsed to (states are immutable: shared by runs). */
  private record Parsed(JsonNode definition, DefinitionParser.StateMachine machine) {}

  private volatile Parsed lastParsed;

  /**
   * The parsed machine of {@code definition}: a runtime passes the same definition object to every
   * execution, which is then parsed once (compared by identity; a definition is not changed once
   * given to the engine).
   */
  private DefinitionParser.StateMachine parsed(JsonNode definition) {
    Parsed kept = lastParsed;
    if (kept != null && kept.definition() == definition) {
      return kept.machine();
    }
    DefinitionParser.StateMachine machine = DefinitionParser.parse(definition);
    lastParsed = new Parsed(definition, machine);
    return machine;
  }

  /**
   * Picks up, on the calling thread, an execution a stopped runtime left waiting for a callback: it
   * enters its journaled state again with the journaled input and waits on the same task token
   * (without calling the worker again: it already has the token). The task's timeout and heartbeat
   * count from the resumption; the execution's own TimeoutSeconds from it too.
   *
   * @throws IllegalArgumentException if the execution is not {@link JournaledExecution#resumable()}
   *     or its state is not a callback Task of this definition
   */
  public ExecutionResult resume(
      String stateMachineName, JournaledExecution waiting, JsonNode definition) {
    if (!waiting.resumable()) {
      throw new IllegalArgumentException(
          "execution '" + waiting.name() + "' was not waiting for a callback; it cannot resume");
    }
    DefinitionParser.StateMachine machine = DefinitionParser.parse(definition);
    if (!(machine.graph().states().get(waiting.currentState()) instanceof TaskState task)
        || !task.waitsForTaskToken()) {
      throw new IllegalArgumentException(
          "execution '"
              + waiting.name()
              + "' waits in '"
              + waiting.currentState()
              + "', which is not a callback Task of this definition");
    }
    Execution execution =
        execution(
            stateMachineName,
            waiting.name(),
            waiting.input(),
            machine,
            new Execution.ResumePoint(waiting.currentState(), waiting.taskToken()));
    JsonNode stateInput =
        waiting.stateInput() == null ? Json.NODES.nullNode() : waiting.stateInput();
    return finish(
        execution,
        () -> machine.graph().run(waiting.currentState(), stateInput, execution, true));
  }

  /**
   * Runs, on the calling thread, an execution a killed runtime cut off, from {@code stateName}
   * with {@code stateInput} (null: from the start with the execution's input). The caller chose a
   * state whose work is safe to do again (see the local runtime's recovery); the execution keeps
   * its name and journal file.
   *
   * @throws IllegalArgumentException if the definition has no such state
   */
  public ExecutionResult restart(
      String stateMachineName,
      JournaledExecution cut,
      JsonNode definition,
      String stateName,
      JsonNode stateInput) {
    DefinitionParser.StateMachine machine = DefinitionParser.parse(definition);
    JsonNode input = cut.input() == null ? Json.NODES.objectNode() : cut.input();
    String from = stateName == null ? machine.graph().startAt() : stateName;
    JsonNode data = stateName == null || stateInput == null ? input : stateInput;
    if (!machine.graph().states().containsKey(from)) {
      throw new IllegalArgumentException("no state named '" + from + "' to restart at");
    }
    Execution execution = execution(stateMachineName, cut.name(), input, machine, null);
    return finish(execution, () -> machine.graph().run(from, data, execution, true));
  }

  /** SendTaskSuccess: the callback Task waiting on {@code taskToken} succeeds with this output. */
  public void sendTaskSuccess(String taskToken, JsonNode output) {
    tokens.succeed(taskToken, output == null ? Json.NODES.nullNode() : output);
  }

  /**
   * SendTaskSuccess with the output as JSON text, as the API takes it.
   *
   * @throws TaskTokenException {@code InvalidOutput} when it is not JSON
   */
  public void sendTaskSuccess(String taskToken, String outputJson) {
    JsonNode output;
    try {
      output = Json.parse(outputJson);
    } catch (IllegalArgumentException e) {
      throw new TaskTokenException(
          TaskTokenException.Reason.INVALID_OUTPUT, "the output is not JSON: " + e.getMessage());
    }
    sendTaskSuccess(taskToken, output);
  }

  /**
   * SendTaskFailure: the callback Task fails with this error and cause, which its Retry and Catch
   * see as they would a worker's failure.
   */
  public void sendTaskFailure(String taskToken, String error, String cause) {
    if (error != null && error.length() > MAX_ERROR_LENGTH) {
      throw new TaskTokenException(
          TaskTokenException.Reason.INVALID_OUTPUT,
          "the error has more than " + MAX_ERROR_LENGTH + " characters");
    }
    if (cause != null && cause.length() > MAX_CAUSE_LENGTH) {
      throw new TaskTokenException(
          TaskTokenException.Reason.INVALID_OUTPUT,
          "the cause has more than " + MAX_CAUSE_LENGTH + " characters");
    }
    tokens.fail(taskToken, error, cause);
  }

  /** SendTaskHeartbeat: restarts the HeartbeatSeconds clock of the Task waiting on the token. */
  public void sendTaskHeartbeat(String taskToken) {
    tokens.heartbeat(taskToken);
  }

  private Execution execution(
      String stateMachineName,
      String executionName,
      JsonNode input,
      DefinitionParser.StateMachine machine,
      Execution.ResumePoint resumeAt) {
    return new Execution(
        executionName,
        stateMachineName,
        input,
        machine.timeout(),
        invoker,
        sleeper,
        clock,
        journal,
        tokens,
        clock.instant(),
        resumeAt);
  }

  private ExecutionResult finish(Execution execution, Supplier<JsonNode> run) {
    ExecutionResult result;
    try {
      result = ExecutionResult.succeeded(run.get());
    } catch (AslFailure failure) {
      result = ExecutionResult.failed(failure.error(), failure.cause());
    } catch (ExecutionStopped stopped) {
      result = ExecutionResult.failed(stopped.error(), stopped.cause());
      if (stopped.isSuspension()) {
        return result;
      }
    } catch (RuntimeException bug) {
      // The result is this engine's boundary: report an engine fault as a failed execution
      // rather than leaving it RUNNING in the journal.
      result =
          ExecutionResult.failed(
              StatesErrors.RUNTIME,
              ENGINE_FAULT_CAUSE + bug.getClass().getName() + ": " + bug.getMessage());
    }
    journal.finished(execution.name, result);
    return result;
  }
}
