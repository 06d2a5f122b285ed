package dev.fogbank.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.execution.ExecutionStarter;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.statemachines.asl.AslEngine;
import dev.fogbank.statemachines.asl.ExecutionJournal;
import dev.fogbank.statemachines.asl.ExecutionResult;
import dev.fogbank.statemachines.asl.JournaledExecution;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Step Functions' StartExecution for local mode: runs the definition on the local ASL engine, one
 * virtual thread per execution. Names are unique like in Step Functions: starting a name that was
 * already started starts nothing.
 */
final class LocalExecutionStarter implements ExecutionStarter, AutoCloseable {
  private final AslEngine engine;
  private final ExecutionJournal journal;
  private final JsonNode definition;
  private final String stateMachineArn;
  private final Set<String> started = ConcurrentHashMap.newKeySet();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final BiConsumer<String, JsonNode> onInterrupted;

  /**
   * {@code onInterrupted} gets the name and input of an execution cut off by shutdown, so its
   * deployment can be failed and unlocked while the table is still there.
   */
  LocalExecutionStarter(
      AslEngine engine,
      ExecutionJournal journal,
      JsonNode definition,
      String stateMachineArn,
      BiConsumer<String, JsonNode> onInterrupted) {
    this.engine = engine;
    this.journal = journal;
    this.onInterrupted = onInterrupted;
    this.definition = definition;
    this.stateMachineArn = stateMachineArn;
  }

  @Override
  public StartedExecution start(String executionName, String inputJson) {
    String executionArn =
        stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + executionName;
    if (!started.add(executionName)) {
      return new StartedExecution(executionArn, true);
    }
    JsonNode input;
    try {
      input = Json.mapper().readTree(inputJson);
    } catch (IOException e) {
      started.remove(executionName);
      throw new DeploymentException(ErrorCode.INVALID_REQUEST, "execution input is not JSON");
    }
    // On disk before StartExecution answers (and the API its 202): a runtime killed from here on
    // finds the execution in its journal after the restart and runs it.
    try {
      journal.started(executionName, input);
    } catch (RuntimeException e) {
      started.remove(executionName);
      throw new DeploymentException(
          ErrorCode.INTERNAL,
          "the execution could not be journaled under the data dir (" + e.getClass().getName()
              + "); nothing was started",
          e);
    }
    executor.execute(
        () -> {
          try {
            TestPause.at("start");
            report(executionName, input, engine.runStarted(executionName, definition, input));
          } catch (RuntimeException e) {
            StructuredLog.error(
                "execution_crashed",
                Map.of("execution", executionName, "type", e.getClass().getName()));
          }
        });
    return new StartedExecution(executionArn, false);
  }

  /**
   * Picks up an execution that a stopped runtime left waiting for a callback (its journal holds
   * the task token), on its own virtual thread like any other execution.
   */
  void resume(JournaledExecution waiting) {
    started.add(waiting.name());
    executor.execute(
        () -> {
          try {
            report(
                waiting.name(),
                waiting.input(),
                engine.resume(AslEngine.DEFAULT_STATE_MACHINE_NAME, waiting, definition));
          } catch (RuntimeException e) {
            StructuredLog.error(
                "execution_crashed",
                Map.of("execution", waiting.name(), "type", e.getClass().getName()));
          }
        });
  }

  /**
   * Picks up an execution a killed runtime cut off in the middle, from the state {@code recovery}
   * chooses; {@code unrecoverable} gets it when no state can be chosen.
   */
  void recover(
      JournaledExecution cut,
      DeploymentRecovery recovery,
      BiConsumer<JournaledExecution, RuntimeException> unrecoverable) {
    started.add(cut.name());
    executor.execute(
        () -> {
          DeploymentRecovery.RestartPoint point;
          try {
            point = recovery.restartPoint(cut);
          } catch (RuntimeException e) {
            unrecoverable.accept(cut, e);
            return;
          }
          StructuredLog.warn(
              "execution_recovered",
              Map.of(
                  "execution", cut.name(),
                  "cutAt", String.valueOf(cut.currentState()),
                  "outcome", point.outcome()));
          try {
            report(
                cut.name(),
                cut.input(),
                engine.restart(
                    AslEngine.DEFAULT_STATE_MACHINE_NAME,
                    cut,
                    definition,
                    point.state(),
                    point.stateInput()));
          } catch (RuntimeException e) {
            StructuredLog.error(
                "execution_crashed",
                Map.of("execution", cut.name(), "type", e.getClass().getName()));
          }
        });
  }

  private void report(String executionName, JsonNode input, ExecutionResult result) {
    if (JournaledExecution.SUSPENDED_ERROR.equals(result.error())) {
      // Waiting for a callback when the runtime stopped: the journal keeps the token and the next
      // start resumes it; the deployment stays RUNNING and keeps its lock.
      StructuredLog.info("execution_suspended", Map.of("execution", executionName));
    } else if (JournaledExecution.INTERRUPTED_ERROR.equals(result.error())) {
      // Clear the flag first: DynamoDB Local refuses work on an interrupted thread.
      Thread.interrupted();
      onInterrupted.accept(executionName, input);
    } else if (result.status() == ExecutionResult.Status.FAILED) {
      StructuredLog.info(
          "execution_failed",
          Map.of("execution", executionName, "error", String.valueOf(result.error())));
    }
  }

  /** Lets running executions finish for up to {@code graceMillis}, then interrupts them. */
  @Override
  public void close() {
    closeWithin(5_000);
  }

  void closeWithin(long graceMillis) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
        executor.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
