package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Task: calls the {@link TaskInvoker} with the effective input. With TimeoutSeconds (or
 * TimeoutSecondsPath) the call runs on a virtual thread and fails with States.Timeout when it
 * overruns (the thread is interrupted).
 *
 * <p>A Resource ending in {@code .waitForTaskToken} is the callback pattern: each attempt opens a
 * task token ({@code $$.Task.Token} in the context object), calls the invoker (whose own result is
 * ignored, as Step Functions ignores a Lambda's result there) and then waits until someone calls
 * {@link AslEngine#sendTaskSuccess} or {@link AslEngine#sendTaskFailure} with the token. The wait
 * ends with States.Timeout after TimeoutSeconds (from the attempt's start; AWS's default 99999999
 * s) and with States.HeartbeatTimeout when no heartbeat (or the start) is younger than
 * HeartbeatSeconds. HeartbeatSeconds is only enforced on callback tasks: a plain local invoker has
 * no heartbeat channel.
 */
record TaskState(
    String resource,
    StateIo io,
    Integer timeoutSeconds,
    String timeoutSecondsPath,
    Integer heartbeatSeconds,
    String heartbeatSecondsPath,
    ErrorHandling errorHandling,
    String next)
    implements State {

  /** The integration pattern suffix of a callback Task's Resource. */
  static final String WAIT_FOR_TASK_TOKEN = ".waitForTaskToken";

  /** AWS's default when a Task sets no timeout. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(99_999_999);

  private static final Set<String> FIELDS =
      Set.of(
          "Type",
          "Comment",
          "Next",
          "End",
          "Resource",
          "InputPath",
          "OutputPath",
          "ResultPath",
          "Parameters",
          "ResultSelector",
          "Retry",
          "Catch",
          "TimeoutSeconds",
          "TimeoutSecondsPath",
          "HeartbeatSeconds",
          "HeartbeatSecondsPath");
  private static final int MAX_SECONDS = 99_999_999;

  static TaskState parse(JsonNode json, String where) {
    DefinitionReader.checkFields(json, FIELDS, where);
    DefinitionReader.exclusive(json, "TimeoutSeconds", "TimeoutSecondsPath", where);
    DefinitionReader.exclusive(json, "HeartbeatSeconds", "HeartbeatSecondsPath", where);
    Integer timeout =
        json.has("TimeoutSeconds")
            ? DefinitionReader.integer(json, "TimeoutSeconds", 0, 1, MAX_SECONDS, where)
            : null;
    Integer heartbeat = null;
    if (json.has("HeartbeatSeconds")) {
      heartbeat = DefinitionReader.integer(json, "HeartbeatSeconds", 0, 1, MAX_SECONDS, where);
      if (timeout != null && heartbeat >= timeout) {
        throw new AslDefinitionException(
            where + ": HeartbeatSeconds must be smaller than TimeoutSeconds");
      }
    }
    for (String field : List.of("TimeoutSecondsPath", "HeartbeatSecondsPath")) {
      String path = DefinitionReader.optionalText(json, field, where);
      if (path != null) {
        PathEvaluator.validate(path, where + "." + field);
      }
    }
    return new TaskState(
        DefinitionReader.requiredText(json, "Resource", where),
        StateIo.read(json, where),
        timeout,
        DefinitionReader.optionalText(json, "TimeoutSecondsPath", where),
        heartbeat,
        DefinitionReader.optionalText(json, "HeartbeatSecondsPath", where),
        ErrorHandling.parse(json, where),
        DefinitionReader.transition(json, where));
  }

  @Override
  public Step execute(JsonNode input, StateRun run) {
    return errorHandling.run(
        input,
        run,
        next,
        retryCount -> {
          if (waitsForTaskToken()) {
            return callback(input, run, retryCount);
          }
          JsonNode context = run.context(retryCount);
          JsonNode effective = io.effectiveInput(input, context);
          Duration timeout = timeout(input, context);
          TaskContext taskContext =
              new TaskContext(run.execution().name, run.stateName(), retryCount, timeout);
          JsonNode result = invoke(run.execution().invoker, effective, taskContext);
          return io.output(input, Json.orNull(result), context);
        });
  }

  boolean waitsForTaskToken() {
    return resource.endsWith(WAIT_FOR_TASK_TOKEN);
  }

  /**
   * One attempt of a callback task: open (or, after a restart, reopen) the token, hand it to the
   * worker through the invoker, then wait for the callback. The token is closed however the attempt
   * ends, so a late callback is refused with TaskTimedOut. Returns the state's output.
   */
  private JsonNode callback(JsonNode input, StateRun run, int retryCount) {
    Execution execution = run.execution();
    Instant started = execution.clock.instant();
    String resumed = execution.takeResumedToken(run.stateName());
    TaskTokens.Pending pending =
        resumed == null
            ? execution.tokens.issue(execution.name, run.stateName())
            : execution.tokens.reopen(resumed, execution.name, run.stateName());
    try {
      ObjectNode context = run.context(retryCount);
      context.putObject("Task").put("Token", pending.token);
      // AWS reads both paths from the state input (the raw input, before InputPath/Parameters).
      Duration timeout = timeout(input, context);
      Duration heartbeat = heartbeat(input, context, timeout);
      if (run.topLevel()) {
        execution.journal.waiting(execution.name, run.stateName(), pending.token);
      }
      if (resumed == null) {
        JsonNode effective = io.effectiveInput(input, context);
        TaskContext taskContext =
            new TaskContext(
                execution.name, run.stateName(), retryCount, timeout, pending.token);
        invoke(execution.invoker, effective, taskContext);
      }
      JsonNode result;
      try {
        result = await(pending, execution, run.stateName(), started, timeout, heartbeat);
      } catch (ExecutionStopped stopped) {
        if (run.topLevel() && stopped.isInterruption()) {
          // The runtime is stopping: the journal keeps the token so a restart waits on it again.
          throw ExecutionStopped.suspended(run.stateName());
        }
        throw stopped;
      }
      return io.output(input, Json.orNull(result), context);
    } finally {
      execution.tokens.close(pending);
    }
  }

  private static JsonNode await(
      TaskTokens.Pending pending,
      Execution execution,
      String stateName,
      Instant started,
      Duration timeout,
      Duration heartbeat) {
    Instant timeoutAt = started.plus(timeout);
    while (true) {
      TaskTokens.Outcome outcome = pending.outcome.getNow(null);
      if (outcome instanceof TaskTokens.Outcome.Succeeded succeeded) {
        return succeeded.output();
      }
      if (outcome instanceof TaskTokens.Outcome.Failed failed) {
        throw new AslFailure(failed.error(), failed.cause());
      }
      execution.checkDeadline();
      Instant now = execution.clock.instant();
      if (!now.isBefore(timeoutAt)) {
        throw new AslFailure(
            StatesErrors.TIMEOUT,
            "Task '%s' got no callback within %d seconds"
                .formatted(stateName, timeout.toSeconds()));
      }
      Instant wakeAt = timeoutAt;
      if (heartbeat != null) {
        Instant beatAt = pending.lastHeartbeat().plus(heartbeat);
        if (!now.isBefore(beatAt)) {
          throw new AslFailure(
              StatesErrors.HEARTBEAT_TIMEOUT,
              "Task '%s' got no heartbeat for %d seconds"
                  .formatted(stateName, heartbeat.toSeconds()));
        }
        wakeAt = beatAt.isBefore(wakeAt) ? beatAt : wakeAt;
      }
      execution.await(pending.outcome, Duration.between(now, wakeAt));
    }
  }

  private Duration timeout(JsonNode input, JsonNode context) {
    if (timeoutSeconds != null) {
      return Duration.ofSeconds(timeoutSeconds);
    }
    if (timeoutSecondsPath != null) {
      JsonNode value = PathEvaluator.read(timeoutSecondsPath, input, context);
      Long seconds = Json.wholeNumber(value);
      if (seconds == null || seconds < 1 || seconds > MAX_SECONDS) {
        throw AslFailure.runtime(
            "The TimeoutSecondsPath parameter does not reference a positive integer: "
                + timeoutSecondsPath
                + " == "
                + Json.display(value));
      }
      return Duration.ofSeconds(seconds);
    }
    return DEFAULT_TIMEOUT;
  }

  private Duration heartbeat(JsonNode input, JsonNode context, Duration timeout) {
    Long seconds = heartbeatSeconds == null ? null : (long) heartbeatSeconds;
    if (heartbeatSecondsPath != null) {
      JsonNode value = PathEvaluator.read(heartbeatSecondsPath, input, context);
      seconds = Json.wholeNumber(value);
      if (seconds == null || seconds < 1 || seconds > MAX_SECONDS) {
        throw AslFailure.runtime(
            "The HeartbeatSecondsPath parameter does not reference a positive integer: "
                + heartbeatSecondsPath
                + " == "
                + Json.display(value));
      }
    }
    if (seconds == null) {
      return null;
    }
    // A heartbeat at or beyond the timeout would never fire first: the timeout decides.
    return Duration.ofSeconds(seconds).compareTo(timeout) >= 0 ? null : Duration.ofSeconds(seconds);
  }

  private JsonNode invoke(TaskInvoker invoker, JsonNode input, TaskContext context) {
    if (context.timeout().equals(DEFAULT_TIMEOUT)) {
      try {
        return invoker.invoke(resource, input, context);
      } catch (RuntimeException e) {
        throw asFailure(e);
      }
    }
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    Thread worker =
        Thread.ofVirtual()
            .name("asl-task-" + context.stateName())
            .start(
                () -> {
                  try {
                    result.complete(invoker.invoke(resource, input, context));
                  } catch (Throwable e) {
                    result.completeExceptionally(e);
                  }
                });
    try {
      return result.get(context.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      worker.interrupt();
      // A cause keeps catchers' "$.x.Cause" paths valid (a Fail state's CausePath needs one).
      throw new AslFailure(
          StatesErrors.TIMEOUT,
          "Task '%s' did not finish within %d seconds"
              .formatted(context.stateName(), context.timeout().toSeconds()));
    } catch (InterruptedException e) {
      worker.interrupt();
      throw ExecutionStopped.interrupted();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw asFailure(runtime);
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("task invoker threw a checked exception", e.getCause());
    }
  }

  /**
   * A TaskFailure keeps its error and cause; anything else is reported as Lambda reports an
   * unhandled exception: States.TaskFailed with {"errorMessage", "errorType"} as the cause.
   */
  private static AslFailure asFailure(RuntimeException e) {
    if (e instanceof TaskFailure failure) {
      return new AslFailure(failure.error(), failure.cause());
    }
    ObjectNode cause = Json.NODES.objectNode();
    cause.put("errorMessage", e.getMessage());
    cause.put("errorType", e.getClass().getName());
    return new AslFailure(StatesErrors.TASK_FAILED, Json.write(cause));
  }

  @Override
  public List<String> targets() {
    List<String> targets = new ArrayList<>();
    if (next != null) {
      targets.add(next);
    }
    errorHandling.catchers().forEach(catcher -> targets.add(catcher.next()));
    return targets;
  }
}
