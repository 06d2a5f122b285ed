package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
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
 * overruns (the thread is interrupted). HeartbeatSeconds is checked but not enforced: a local
 * invoker has no heartbeat channel.
 */
record TaskState(
    String resource,
    StateIo io,
    Integer timeoutSeconds,
    String timeoutSecondsPath,
    ErrorHandling errorHandling,
    String next)
    implements State {

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
    if (json.has("HeartbeatSeconds")) {
      int heartbeat = DefinitionReader.integer(json, "HeartbeatSeconds", 0, 1, MAX_SECONDS, where);
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
          JsonNode context = run.context(retryCount);
          JsonNode effective = io.effectiveInput(input, context);
          Duration timeout = timeout(effective, context);
          TaskContext taskContext =
              new TaskContext(run.execution().name, run.stateName(), retryCount, timeout);
          JsonNode result = invoke(run.execution().invoker, effective, taskContext);
          return io.output(input, Json.orNull(result), context);
        });
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
