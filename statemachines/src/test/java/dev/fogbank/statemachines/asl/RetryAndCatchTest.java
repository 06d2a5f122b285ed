package dev.fogbank.statemachines.asl;

import static dev.fogbank.statemachines.asl.AslTesting.engine;
import static dev.fogbank.statemachines.asl.AslTesting.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryAndCatchTest {

  private static final String RETRYABLE = "fogbank.AWS_UNAVAILABLE";

  private final AslTesting.RecordingSleeper sleeper = new AslTesting.RecordingSleeper();

  /** Fails with {@code error} for the first {@code failures} calls, then returns {"ok":true}. */
  private static TaskInvoker failingFirst(int failures, String error, List<Integer> retryCounts) {
    AtomicInteger calls = new AtomicInteger();
    return (resource, input, context) -> {
      retryCounts.add(context.retryCount());
      if (calls.incrementAndGet() <= failures) {
        throw new TaskFailure(error, "attempt " + calls.get());
      }
      return json("{\"ok\": true}");
    };
  }

  private static JsonNode taskWithRetry(String retrier) {
    return json(
        """
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "r",
          "Retry": [%s], "End": true}}}
        """
            .formatted(retrier));
  }

  @Test
  void retry_whenTaskFailsTwiceThenSucceeds_thenSleepsIntervalTimesBackoffRate() {
    List<Integer> retryCounts = new CopyOnWriteArrayList<>();
    JsonNode definition =
        taskWithRetry(
            "{\"ErrorEquals\": [\""
                + RETRYABLE
                + "\"], \"IntervalSeconds\": 2,"
                + " \"BackoffRate\": 3, \"MaxAttempts\": 3}");

    ExecutionResult result =
        engine(failingFirst(2, RETRYABLE, retryCounts), sleeper).run("e", definition, json("{}"));

    assertEquals(ExecutionResult.succeeded(json("{\"ok\": true}")), result);
    assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(6)), sleeper.sleeps);
    assertEquals(List.of(0, 1, 2), retryCounts);
  }

  @Test
  void retry_whenMaxDelaySecondsSet_thenIntervalsAreCappedAndLastErrorFailsExecution() {
    List<Integer> retryCounts = new CopyOnWriteArrayList<>();
    JsonNode definition =
        taskWithRetry(
            "{\"ErrorEquals\": [\"States.ALL\"], \"IntervalSeconds\": 1, \"BackoffRate\": 2.0,"
                + " \"MaxAttempts\": 5, \"MaxDelaySeconds\": 5}");

    ExecutionResult result =
        engine(failingFirst(100, "Boom", retryCounts), sleeper).run("e", definition, json("{}"));

    assertEquals(ExecutionResult.failed("Boom", "attempt 6"), result);
    assertEquals(
        List.of(1L, 2L, 4L, 5L, 5L), sleeper.sleeps.stream().map(Duration::toSeconds).toList());
  }

  @Test
  void retry_whenDefaultsApply_thenThreeRetriesOfOneTwoFourSeconds() {
    JsonNode definition = taskWithRetry("{\"ErrorEquals\": [\"Boom\"]}");

    ExecutionResult result =
        engine(failingFirst(100, "Boom", new CopyOnWriteArrayList<>()), sleeper)
            .run("e", definition, json("{}"));

    assertEquals("Boom", result.error());
    assertEquals(
        List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)),
        sleeper.sleeps);
  }

  @Test
  void retry_whenMaxAttemptsIsZero_thenTaskRunsOnce() {
    List<Integer> retryCounts = new CopyOnWriteArrayList<>();
    JsonNode definition = taskWithRetry("{\"ErrorEquals\": [\"Boom\"], \"MaxAttempts\": 0}");

    ExecutionResult result =
        engine(failingFirst(1, "Boom", retryCounts), sleeper).run("e", definition, json("{}"));

    assertEquals("Boom", result.error());
    assertEquals(List.of(0), retryCounts);
    assertTrue(sleeper.sleeps.isEmpty());
  }

  @Test
  void retry_whenJitterStrategyFull_thenEachDelayIsWithinTheCappedInterval() {
    JsonNode definition =
        taskWithRetry(
            "{\"ErrorEquals\": [\"Boom\"], \"IntervalSeconds\": 10, \"MaxAttempts\": 4,"
                + " \"MaxDelaySeconds\": 20, \"JitterStrategy\": \"FULL\"}");

    engine(failingFirst(100, "Boom", new CopyOnWriteArrayList<>()), sleeper)
        .run("e", definition, json("{}"));

    List<Long> bounds = List.of(10_000L, 20_000L, 20_000L, 20_000L);
    assertEquals(4, sleeper.sleeps.size());
    for (int i = 0; i < bounds.size(); i++) {
      long millis = sleeper.sleeps.get(i).toMillis();
      assertTrue(millis >= 0 && millis <= bounds.get(i), "delay " + i + " was " + millis);
    }
  }

  @Test
  void retry_whenFirstMatchingRetrierIsExhausted_thenLaterRetriersAreNotConsulted() {
    List<Integer> retryCounts = new CopyOnWriteArrayList<>();
    JsonNode definition =
        taskWithRetry(
            "{\"ErrorEquals\": [\"Boom\"], \"MaxAttempts\": 1},"
                + " {\"ErrorEquals\": [\"States.ALL\"], \"MaxAttempts\": 5}");

    ExecutionResult result =
        engine(failingFirst(100, "Boom", retryCounts), sleeper).run("e", definition, json("{}"));

    assertEquals("Boom", result.error());
    assertEquals(List.of(0, 1), retryCounts);
  }

  @Test
  void catch_whenTaskFails_thenResultPathPutsErrorAndCauseIntoStateInput() {
    TaskInvoker failing =
        (resource, input, context) -> {
          throw new TaskFailure("StackLocked", "held by deploy-7");
        };
    JsonNode definition =
        json(
            """
            {"StartAt": "Lock", "States": {
              "Lock": {"Type": "Task", "Resource": "r", "InputPath": "$.stack",
                       "Catch": [{"ErrorEquals": ["Other"], "Next": "Wrong"},
                                 {"ErrorEquals": ["States.ALL"], "ResultPath": "$.failure",
                                  "Next": "RecordFailure"}],
                       "End": true},
              "Wrong": {"Type": "Fail", "Error": "WrongCatcher"},
              "RecordFailure": {"Type": "Pass", "End": true}}}
            """);

    ExecutionResult result =
        engine(failing, sleeper).run("e", definition, json("{\"stack\": \"api\"}"));

    assertEquals(
        ExecutionResult.succeeded(
            json(
                "{\"stack\": \"api\", \"failure\": {\"Error\": \"StackLocked\","
                    + " \"Cause\": \"held by deploy-7\"}}")),
        result);
  }

  @Test
  void catch_whenRetriesAreExhausted_thenCatcherReceivesTheLastError() {
    JsonNode definition =
        json(
            """
            {"StartAt": "T", "States": {
              "T": {"Type": "Task", "Resource": "r",
                    "Retry": [{"ErrorEquals": ["Boom"], "MaxAttempts": 2}],
                    "Catch": [{"ErrorEquals": ["Boom"], "Next": "Handled"}], "End": true},
              "Handled": {"Type": "Pass", "End": true}}}
            """);

    ExecutionResult result =
        engine(failingFirst(100, "Boom", new CopyOnWriteArrayList<>()), sleeper)
            .run("e", definition, json("{}"));

    assertEquals(
        ExecutionResult.succeeded(json("{\"Error\": \"Boom\", \"Cause\": \"attempt 3\"}")), result);
  }

  @Test
  void retryAndCatch_whenStateFailsWithStatesRuntime_thenNeitherStatesAllRetrierNorCatcherApply() {
    AtomicInteger calls = new AtomicInteger();
    TaskInvoker invoker =
        (resource, input, context) -> {
          calls.incrementAndGet();
          return json("{}");
        };
    JsonNode definition =
        json(
            """
            {"StartAt": "T", "States": {
              "T": {"Type": "Task", "Resource": "r", "OutputPath": "$.missing",
                    "Retry": [{"ErrorEquals": ["States.ALL"]}],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled"}], "End": true},
              "Handled": {"Type": "Pass", "End": true}}}
            """);

    ExecutionResult result = engine(invoker, sleeper).run("e", definition, json("{}"));

    assertEquals("States.Runtime", result.error());
    assertTrue(result.cause().contains("'T'"), result.cause());
    assertEquals(1, calls.get());
  }

  @Test
  void catch_whenParallelBranchTaskFails_thenParallelCatcherHandlesIt() {
    TaskInvoker invoker =
        (resource, input, context) -> {
          if (resource.equals("bad")) {
            throw new TaskFailure("BranchBroke", "bad branch");
          }
          return json("\"fine\"");
        };
    JsonNode definition =
        json(
            """
            {"StartAt": "P", "States": {
              "P": {"Type": "Parallel", "ResultPath": "$.results",
                    "Branches": [
                      {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "good",
                                                        "End": true}}},
                      {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "bad",
                                                        "End": true}}}],
                    "Catch": [{"ErrorEquals": ["BranchBroke"], "ResultPath": "$.error",
                               "Next": "Handled"}],
                    "End": true},
              "Handled": {"Type": "Pass", "End": true}}}
            """);

    ExecutionResult result = engine(invoker, sleeper).run("e", definition, json("{\"in\": 1}"));

    assertEquals(
        ExecutionResult.succeeded(
            json(
                "{\"in\": 1, \"error\": {\"Error\": \"BranchBroke\", \"Cause\": \"bad branch\"}}")),
        result);
  }
}
