package dev.fogbank.statemachines.asl;

import static dev.fogbank.statemachines.asl.AslTesting.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.wait.FakeTime;
import dev.fogbank.shared.wait.Pause;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The callback pattern: .waitForTaskToken, $$.Task.Token, heartbeats, timeouts and callbacks. */
class TaskTokenTest {

  private static final String CALLBACK =
      """
      {"StartAt": "Wait", "States": {
        "Wait": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                 "Parameters": {"FunctionName": "store-token",
                                "Payload": {"token.$": "$$.Task.Token"}},
                 %s
                 "ResultPath": "$.callback", "End": true}}}
      """;

  private final ScriptedTime time = new ScriptedTime();
  private final List<String> tokens = new CopyOnWriteArrayList<>();
  private final AtomicReference<AslEngine> engine = new AtomicReference<>();

  private AslEngine engine(TaskInvoker invoker) {
    engine.set(AslEngine.create(invoker, ExecutionJournal.NONE, time, time));
    return engine.get();
  }

  /** The worker: remembers the token the Parameters handed it, then does what {@code then} says. */
  private TaskInvoker worker(java.util.function.Consumer<String> then) {
    return (resource, input, context) -> {
      String token = input.at("/Payload/token").asText();
      assertEquals(context.taskToken(), token, "$$.Task.Token and the invoker's token differ");
      tokens.add(token);
      then.accept(token);
      return json("{\"ignored\": true}");
    };
  }

  @Test
  void callback_whenWorkerSendsSuccess_thenOutputIsTheTaskResult() {
    AslEngine e =
        engine(worker(token -> engine.get().sendTaskSuccess(token, "{\"status\": \"DONE\"}")));

    ExecutionResult result = e.run("x", json(CALLBACK.formatted("")), json("{\"a\": 1}"));

    assertEquals(ExecutionResult.Status.SUCCEEDED, result.status(), result::toString);
    assertEquals(json("{\"a\": 1, \"callback\": {\"status\": \"DONE\"}}"), result.output());
    assertTrue(tokens.get(0).startsWith(TaskTokens.PREFIX), tokens.toString());
  }

  @Test
  void callback_whenSuccessArrivesLater_thenTaskWaitsForIt() {
    AslEngine e =
        engine(
            worker(
                token ->
                    time.at(
                        Duration.ofMinutes(10),
                        () -> engine.get().sendTaskSuccess(token, "{\"late\": true}"))));

    ExecutionResult result = e.run("x", json(CALLBACK.formatted("")), json("{}"));

    assertEquals(json("{\"callback\": {\"late\": true}}"), result.output(), result::toString);
    assertEquals(Instant.parse("2026-01-01T00:10:00Z"), time.instant());
  }

  @Test
  void callback_whenWorkerSendsFailure_thenCatchSeesItsErrorAndCause() {
    AslEngine e =
        engine(worker(token -> engine.get().sendTaskFailure(token, "Stack.Failed", "it broke")));
    String definition =
        CALLBACK.formatted(
            "\"Catch\": [{\"ErrorEquals\": [\"Stack.Failed\"], \"Next\": \"Caught\"}],")
            .replace(
                "\"End\": true}}}",
                "\"End\": true}, \"Caught\": {\"Type\": \"Pass\", \"End\": true}}}");

    ExecutionResult result = e.run("x", json(definition), json("{}"));

    assertEquals(json("{\"Error\": \"Stack.Failed\", \"Cause\": \"it broke\"}"), result.output());
  }

  @Test
  void callback_whenNoHeartbeatInTime_thenHeartbeatTimeoutIsCaughtByStatesTimeout() {
    AslEngine e = engine(worker(token -> {}));
    String definition =
        CALLBACK.formatted(
                "\"HeartbeatSeconds\": 60, \"Catch\": [{\"ErrorEquals\": [\"States.TaskFailed\"],"
                    + " \"Next\": \"Wrong\"}, {\"ErrorEquals\": [\"States.Timeout\"], \"Next\":"
                    + " \"Caught\"}],")
            .replace(
                "\"End\": true}}}",
                "\"End\": true}, \"Caught\": {\"Type\": \"Pass\", \"End\": true},"
                    + " \"Wrong\": {\"Type\": \"Fail\"}}}");

    ExecutionResult result = e.run("x", json(definition), json("{}"));

    assertEquals(ExecutionResult.Status.SUCCEEDED, result.status(), result::toString);
    assertEquals("States.HeartbeatTimeout", result.output().path("Error").asText());
    assertEquals(Duration.ofSeconds(60), time.elapsed());
    TaskTokenException late =
        assertThrows(
            TaskTokenException.class, () -> e.sendTaskSuccess(tokens.get(0), "{}"));
    assertEquals(TaskTokenException.Reason.TASK_TIMED_OUT, late.reason());
  }

  @Test
  void callback_whenHeartbeatsKeepComing_thenTaskOutlivesHeartbeatSeconds() {
    AslEngine e =
        engine(
            worker(
                token -> {
                  for (int minute = 1; minute <= 5; minute++) {
                    time.at(
                        Duration.ofSeconds(50L * minute),
                        () -> engine.get().sendTaskHeartbeat(token));
                  }
                  time.at(Duration.ofSeconds(290), () -> engine.get().sendTaskSuccess(token, "1"));
                }));

    ExecutionResult result =
        e.run("x", json(CALLBACK.formatted("\"HeartbeatSeconds\": 60,")), json("{}"));

    assertEquals(ExecutionResult.Status.SUCCEEDED, result.status(), result::toString);
    assertEquals(json("{\"callback\": 1}"), result.output());
  }

  @Test
  void callback_whenHeartbeatSecondsPathAndRetry_thenEachAttemptHasItsOwnToken() {
    AslEngine e = engine(worker(token -> {}));
    String definition =
        CALLBACK.formatted(
            "\"HeartbeatSecondsPath\": \"$.beat\", \"Retry\": [{\"ErrorEquals\":"
                + " [\"States.HeartbeatTimeout\"], \"MaxAttempts\": 1, \"IntervalSeconds\": 1}],");

    ExecutionResult result = e.run("x", json(definition), json("{\"beat\": 30}"));

    assertEquals("States.HeartbeatTimeout", result.error(), result::toString);
    assertEquals(2, tokens.size());
    assertNotEquals(tokens.get(0), tokens.get(1));
    // 30 s, a 1 s retry interval, 30 s.
    assertEquals(Duration.ofSeconds(61), time.elapsed());
  }

  @Test
  void callback_whenTimeoutSecondsPathPasses_thenStatesTimeoutDespiteHeartbeats() {
    AslEngine e =
        engine(
            worker(
                token -> {
                  for (int i = 1; i <= 20; i++) {
                    time.at(
                        Duration.ofSeconds(20L * i), () -> engine.get().sendTaskHeartbeat(token));
                  }
                }));

    ExecutionResult result =
        e.run(
            "x",
            json(
                CALLBACK.formatted(
                    "\"TimeoutSecondsPath\": \"$.limit\", \"HeartbeatSeconds\": 30,")),
            json("{\"limit\": 100}"));

    assertEquals("States.Timeout", result.error(), result::toString);
    assertEquals(Duration.ofSeconds(100), time.elapsed());
  }

  @Test
  void callback_whenHeartbeatSecondsPathIsNotAPositiveInteger_thenStatesRuntime() {
    AslEngine e = engine(worker(token -> {}));

    ExecutionResult result =
        e.run(
            "x",
            json(CALLBACK.formatted("\"HeartbeatSecondsPath\": \"$.beat\",")),
            json("{\"beat\": \"soon\"}"));

    assertEquals("States.Runtime", result.error());
    assertTrue(result.cause().contains("HeartbeatSecondsPath"), result.cause());
    assertTrue(tokens.isEmpty(), "the worker was called although the state could not start");
  }

  @Test
  void sendTask_whenTokenIsBadUnknownOrClosed_thenRefusedAsStepFunctionsRefuses() {
    AslEngine e = engine(worker(token -> engine.get().sendTaskSuccess(token, "{}")));
    e.run("x", json(CALLBACK.formatted("")), json("{}"));
    String unknown = TaskTokens.newToken(new java.security.SecureRandom());

    assertEquals(
        TaskTokenException.Reason.INVALID_TOKEN,
        assertThrows(TaskTokenException.class, () -> e.sendTaskSuccess("nope", "{}")).reason());
    assertEquals(
        TaskTokenException.Reason.TASK_DOES_NOT_EXIST,
        assertThrows(TaskTokenException.class, () -> e.sendTaskHeartbeat(unknown)).reason());
    assertEquals(
        TaskTokenException.Reason.TASK_TIMED_OUT,
        assertThrows(TaskTokenException.class, () -> e.sendTaskFailure(tokens.get(0), "E", "c"))
            .reason());
    assertEquals(
        TaskTokenException.Reason.INVALID_OUTPUT,
        assertThrows(TaskTokenException.class, () -> e.sendTaskSuccess(unknown, "{not json"))
            .reason());
  }

  @Test
  void callback_whenCompletedFromAnotherThreadWithRealPause_thenWaitingExecutionWakes()
      throws Exception {
    CompletableFuture<String> issued = new CompletableFuture<>();
    AslEngine e =
        AslEngine.create(
            worker(issued::complete), ExecutionJournal.NONE, Pause.SYSTEM, Clock.systemUTC());
    CompletableFuture<ExecutionResult> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(() -> result.complete(e.run("x", json(CALLBACK.formatted("")), json("{}"))));

    e.sendTaskSuccess(issued.get(30, TimeUnit.SECONDS), "\"woken\"");

    assertEquals(json("{\"callback\": \"woken\"}"), result.get(30, TimeUnit.SECONDS).output());
  }

  @Test
  void resume_whenRuntimeStoppedDuringCallback_thenRestartedEngineWaitsOnTheSameToken(
      @TempDir Path dir) throws Exception {
    AtomicInteger workerCalls = new AtomicInteger();
    CompletableFuture<String> issued = new CompletableFuture<>();
    TaskInvoker invoker =
        (resource, input, context) -> {
          workerCalls.incrementAndGet();
          issued.complete(context.taskToken());
          return null;
        };
    String definition =
        """
        {"StartAt": "Before", "States": {
          "Before": {"Type": "Pass", "Result": 1, "ResultPath": "$.before", "Next": "Wait"},
          "Wait": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                   "Parameters": {"FunctionName": "f", "Payload": {"token.$": "$$.Task.Token"}},
                   "HeartbeatSeconds": 3600, "ResultPath": "$.callback", "End": true}}}
        """;
    CountDownLatch waiting = new CountDownLatch(1);
    AslEngine first =
        AslEngine.create(
            invoker,
            signalling(new FileExecutionJournal(dir), waiting),
            Pause.SYSTEM,
            Clock.systemUTC());
    CompletableFuture<ExecutionResult> cutOff = new CompletableFuture<>();
    Thread runner =
        Thread.ofVirtual()
            .start(
                () ->
                    cutOff.complete(
                        first.run("deploy-1", json(definition), json("{\"a\": 1}"))));
    assertTrue(waiting.await(30, TimeUnit.SECONDS), "the task never waited");
    runner.interrupt();
    assertEquals(JournaledExecution.SUSPENDED_ERROR, cutOff.get(30, TimeUnit.SECONDS).error());

    FileExecutionJournal journal = new FileExecutionJournal(dir);
    JournaledExecution journaled = journal.get("deploy-1");
    assertTrue(journaled.resumable(), journaled::toString);
    assertEquals(issued.get(), journaled.taskToken());
    CountDownLatch waitingAgain = new CountDownLatch(1);
    AslEngine restarted =
        AslEngine.create(
            invoker, signalling(journal, waitingAgain), Pause.SYSTEM, Clock.systemUTC());
    CompletableFuture<ExecutionResult> resumed = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () ->
                resumed.complete(
                    restarted.resume(
                        AslEngine.DEFAULT_STATE_MACHINE_NAME, journaled, json(definition))));
    assertTrue(waitingAgain.await(30, TimeUnit.SECONDS), "the resumed task never waited");
    restarted.sendTaskSuccess(issued.get(), "{\"ok\": true}");

    ExecutionResult result = resumed.get(30, TimeUnit.SECONDS);
    assertEquals(
        json("{\"a\": 1, \"before\": 1, \"callback\": {\"ok\": true}}"),
        result.output(),
        result::toString);
    assertEquals(1, workerCalls.get(), "the worker was called again on resume");
    assertEquals(JournaledExecution.Status.SUCCEEDED, journal.get("deploy-1").status());
    assertNotNull(journal.get("deploy-1").output());
  }

  private static ExecutionJournal signalling(FileExecutionJournal journal, CountDownLatch waiting) {
    return new ExecutionJournal() {
      @Override
      public void started(String name, JsonNode input) {
        journal.started(name, input);
      }

      @Override
      public void entered(String name, String stateName, JsonNode stateInput) {
        journal.entered(name, stateName, stateInput);
      }

      @Override
      public void finished(String name, ExecutionResult result) {
        journal.finished(name, result);
      }

      @Override
      public void waiting(String name, String stateName, String taskToken) {
        journal.waiting(name, stateName, taskToken);
        waiting.countDown();
      }
    };
  }
}
