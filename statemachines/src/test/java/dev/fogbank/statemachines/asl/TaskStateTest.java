package dev.fogbank.statemachines.asl;

import static dev.fogbank.statemachines.asl.AslTesting.engine;
import static dev.fogbank.statemachines.asl.AslTesting.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskStateTest {

  private final AslTesting.RecordingSleeper sleeper = new AslTesting.RecordingSleeper();

  @Test
  void run_whenInvokerIsJavaLambda_thenResultLandsAtResultPath() {
    List<String> calls = new CopyOnWriteArrayList<>();
    List<TaskContext> contexts = new CopyOnWriteArrayList<>();
    TaskInvoker invoker =
        (resource, input, context) -> {
          calls.add(resource + " " + input);
          contexts.add(context);
          return json("{\"acquired\": true}");
        };
    JsonNode definition =
        json(
            """
            {"StartAt": "Lock", "States": {
              "Lock": {"Type": "Task", "Resource": "arn:lock", "InputPath": "$.stack",
                       "ResultPath": "$.lock", "End": true}}}
            """);

    ExecutionResult result =
        engine(invoker, sleeper).run("exec-1", definition, json("{\"stack\": {\"name\": \"s\"}}"));

    assertEquals(ExecutionResult.Status.SUCCEEDED, result.status(), result::toString);
    assertEquals(
        json("{\"stack\": {\"name\": \"s\"}, \"lock\": {\"acquired\": true}}"), result.output());
    assertEquals(List.of("arn:lock {\"name\":\"s\"}"), calls);
    assertEquals(new TaskContext("exec-1", "Lock", 0, TaskState.DEFAULT_TIMEOUT), contexts.get(0));
  }

  @Test
  void run_whenParametersUseContextObject_thenInvokerSeesExecutionAndStateFields() {
    List<JsonNode> inputs = new CopyOnWriteArrayList<>();
    TaskInvoker invoker =
        (resource, input, context) -> {
          inputs.add(input);
          return json("null");
        };
    JsonNode definition =
        json(
            """
            {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "r",
              "Parameters": {"name.$": "$$.Execution.Name", "state.$": "$$.State.Name",
                "retry.$": "$$.State.RetryCount", "started.$": "$$.Execution.StartTime",
                "machine.$": "$$.StateMachine.Name", "id.$": "$$.Execution.Id",
                "greeting.$": "States.Format('hello {}', $.who)"},
              "ResultPath": null, "End": true}}}
            """);

    engine(invoker, sleeper).run("deploy-42", definition, json("{\"who\": \"ops\"}"));

    assertEquals(
        json(
            """
            {"name": "deploy-42", "state": "Call", "retry": 0,
             "started": "2026-01-15T10:00:00.000Z", "machine": "fogbank-local",
             "id": "arn:aws:states:local:000000000000:execution:fogbank-local:deploy-42",
             "greeting": "hello ops"}
            """),
        inputs.get(0));
  }

  @Test
  void run_whenResultSelectorSet_thenOnlySelectedFieldsReachResultPath() {
    TaskInvoker invoker =
        (resource, input, context) ->
            json("{\"StatusCode\": 200, \"Payload\": {\"changeSetId\": \"cs-1\", \"noise\": 1}}");
    JsonNode definition =
        json(
            """
            {"StartAt": "Create", "States": {"Create": {"Type": "Task", "Resource": "r",
              "ResultSelector": {"id.$": "$.Payload.changeSetId", "code.$": "$.StatusCode",
                                 "kind": "change-set"},
              "ResultPath": "$.changeSet", "End": true}}}
            """);

    ExecutionResult result = engine(invoker, sleeper).run("e", definition, json("{\"a\": 1}"));

    assertEquals(
        json(
            "{\"a\": 1, \"changeSet\": {\"id\": \"cs-1\", \"code\": 200, \"kind\":"
                + " \"change-set\"}}"),
        result.output());
  }

  @Test
  void run_whenInvokerThrowsPlainException_thenStatesTaskFailedWithLambdaStyleCause() {
    TaskInvoker invoker =
        (resource, input, context) -> {
          throw new IllegalStateException("stack is locked");
        };
    JsonNode definition =
        json(
            "{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Task\", \"Resource\": \"r\","
                + " \"End\": true}}}");

    ExecutionResult result = engine(invoker, sleeper).run("e", definition, json("{}"));

    assertEquals(ExecutionResult.Status.FAILED, result.status());
    assertEquals("States.TaskFailed", result.error());
    assertEquals(
        json(
            "{\"errorMessage\": \"stack is locked\","
                + " \"errorType\": \"java.lang.IllegalStateException\"}"),
        json(result.cause()));
  }

  @Test
  void run_whenInvokerThrowsTaskFailure_thenErrorAndCauseAreKeptExactly() {
    TaskInvoker invoker =
        (resource, input, context) -> {
          throw new TaskFailure("dev.fogbank.StackLockedException", "locked by deploy-41");
        };
    JsonNode definition =
        json(
            "{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Task\", \"Resource\": \"r\","
                + " \"End\": true}}}");

    ExecutionResult result = engine(invoker, sleeper).run("e", definition, json("{}"));

    assertEquals(
        ExecutionResult.failed("dev.fogbank.StackLockedException", "locked by deploy-41"), result);
  }

  @Test
  void run_whenInvokerOverrunsTimeoutSeconds_thenStatesTimeoutAndInvokerInterrupted()
      throws InterruptedException {
    CountDownLatch interrupted = new CountDownLatch(1);
    TaskInvoker blocking =
        (resource, input, context) -> {
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            interrupted.countDown();
          }
          return json("{}");
        };
    JsonNode definition =
        json(
            "{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Task\", \"Resource\": \"r\","
                + " \"TimeoutSeconds\": 1, \"End\": true}}}");

    long start = System.nanoTime();
    ExecutionResult result = engine(blocking, sleeper).run("e", definition, json("{}"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertEquals("States.Timeout", result.error(), result::toString);
    assertEquals("Task 'T' did not finish within 1 seconds", result.cause());
    assertTrue(took.compareTo(Duration.ofMillis(900)) >= 0, "returned early: " + took);
    assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "did not time out: " + took);
    assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the blocked invoker was not interrupted");
  }

  @Test
  void run_whenTimeoutSecondsPathSet_thenInvokerSeesThatTimeout() {
    List<TaskContext> contexts = new CopyOnWriteArrayList<>();
    TaskInvoker invoker =
        (resource, input, context) -> {
          contexts.add(context);
          return json("{}");
        };
    JsonNode definition =
        json(
            "{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Task\", \"Resource\": \"r\","
                + " \"TimeoutSecondsPath\": \"$.timeout\", \"End\": true}}}");

    engine(invoker, sleeper).run("e", definition, json("{\"timeout\": 30}"));

    assertEquals(Duration.ofSeconds(30), contexts.get(0).timeout());
  }

  @Test
  void run_whenTimeoutErrorAndCatcherOnlyForTaskFailed_thenTimeoutIsNotCaught() {
    TaskInvoker slow =
        (resource, input, context) -> {
          try {
            Thread.sleep(5_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return json("{}");
        };
    JsonNode definition =
        json(
            """
            {"StartAt": "T", "States": {
              "T": {"Type": "Task", "Resource": "r", "TimeoutSeconds": 1,
                    "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Caught"}],
                    "End": true},
              "Caught": {"Type": "Succeed"}}}
            """);

    ExecutionResult result = engine(slow, sleeper).run("e", definition, json("{}"));

    assertEquals("States.Timeout", result.error(), result::toString);
  }
}
