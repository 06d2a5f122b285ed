package dev.fogbank.statemachines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.controlplane.FunctionName;
import dev.fogbank.statemachines.asl.AslEngine;
import dev.fogbank.statemachines.asl.ExecutionJournal;
import dev.fogbank.statemachines.asl.ExecutionResult;
import dev.fogbank.statemachines.asl.ScriptedTime;
import dev.fogbank.statemachines.asl.TaskFailure;
import dev.fogbank.statemachines.asl.TaskInvoker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The orchestration in deploy.asl.json, state by state, with scripted step results: which steps
 * run in which order on each path. The steps themselves are tested end to end in the cli module;
 * here a scripted TaskInvoker stands in for Lambda so that every path can be forced.
 */
class DeployDefinitionTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Scripted Lambda: per function, a queue of answers; records the call order. */
  private static final class ScriptedSteps implements TaskInvoker {
    final List<String> calls = new ArrayList<>();
    final Map<String, List<Function<JsonNode, JsonNode>>> answers = new HashMap<>();
    final ScriptedTime time = new ScriptedTime();
    AslEngine engine;

    ScriptedSteps answer(String function, Function<JsonNode, JsonNode> answer) {
      answers.computeIfAbsent(function, f -> new ArrayList<>()).add(answer);
      return this;
    }

    @Override
    public JsonNode invoke(
        String resource, JsonNode input, dev.fogbank.statemachines.asl.TaskContext c) {
      String function = resource.substring(resource.lastIndexOf(':') + 1);
      if (resource.startsWith("arn:aws:states:::lambda:invoke")) {
        // The Lambda integration: the function and its payload are in the Parameters.
        String arn = input.path("FunctionName").asText();
        function = arn.substring(arn.lastIndexOf(':') + 1);
        input = input.path("Payload");
      }
      calls.add(function);
      List<Function<JsonNode, JsonNode>> queue = answers.get(function);
      if (queue == null || queue.isEmpty()) {
        return NODES.nullNode();
      }
      Function<JsonNode, JsonNode> next = queue.size() > 1 ? queue.remove(0) : queue.get(0);
      return next.apply(input);
    }
  }

  private static JsonNode obj(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode definition() throws IOException {
    try (InputStream in =
        DeployDefinitionTest.class.getResourceAsStream("/statemachines/deploy.asl.json")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      // The names the stack substitutes (FunctionName): a task naming a function the control plane
      // does not build is left unsubstituted and fails here, as CloudFormation would refuse it.
      for (FunctionName function : FunctionName.values()) {
        text =
            text.replace(
                "${" + function.substitutionName() + "}",
                "arn:aws:lambda:us-east-1:1:function:" + function.id());
      }
      String substituted = text;
      int left = substituted.indexOf("${");
      assertEquals(
          -1, left, () -> "no FunctionName provides " + substituted.substring(left, left + 40));
      return AslEngine.parseDefinition(substituted);
    }
  }

  private static ExecutionResult run(ScriptedSteps steps) throws IOException {
    return run(steps, ExecutionJournal.NONE);
  }

  private static ExecutionResult run(ScriptedSteps steps, ExecutionJournal journal)
      throws IOException {
    ObjectNode input = NODES.objectNode();
    input.put("deploymentId", "d-1");
    input.put("stackName", "web");
    input.put("account", "123456789012");
    input.put("region", "eu-west-1");
    input.set("options", obj("{\"lockPollSeconds\": 3, \"stackPollSeconds\": 7}"));
    steps.engine = AslEngine.create(steps, journal, steps.time, steps.time);
    return steps.engine.run("exec-1", definition(), input);
  }

  /** ExecuteChangeSet's answer: the first stack wait's heartbeat, as StackDeployer sets it. */
  private static JsonNode executed(int waitSeconds) {
    return obj("{\"waitSeconds\": " + waitSeconds + "}");
  }

  /**
   * WaitForStack's worker: the stack-events function's SendTaskSuccess arrives {@code after} the
   * token was stored, as it would when CloudFormation's Stack Status Change event comes.
   */
  private static Function<JsonNode, JsonNode> stackEventAfter(
      ScriptedSteps steps, Duration after) {
    return payload -> {
      String token = payload.path("taskToken").asText();
      steps.time.at(
          after,
          () -> steps.engine.sendTaskSuccess(token, obj("{\"status\": \"UPDATE_COMPLETE\"}")));
      return NODES.nullNode();
    };
  }

  private static TaskFailure stepFailure(String code, String message) {
    ObjectNode cause = NODES.objectNode();
    // What Step Functions reports for a Java Lambda that threw fogbank.<CODE>.
    cause.put("errorMessage", message);
    cause.put("errorType", "fogbank." + code);
    cause.putArray("stackTrace");
    return new TaskFailure("fogbank." + code, cause.toString());
  }

  @Test
  @DisplayName(
      "the happy path locks, validates, creates and executes, waits, records, releases, notifies")
  void happyPath() throws IOException {
    ScriptedSteps steps =
        new ScriptedSteps()
            .answer("AcquireLock", in -> obj("{\"acquired\": true}"))
            .answer("CreateChangeSet", in -> obj("{\"status\": \"READY\"}"))
            .answer("ExecuteChangeSet", in -> executed(900))
            .answer("CheckStack", in -> obj("{\"inProgress\": false}"));
    steps.answer("WaitForStack", stackEventAfter(steps, Duration.ofSeconds(40)));
    ExecutionResult result = run(steps);
    assertEquals(ExecutionResult.Status.SUCCEEDED, result.status(), result::toString);
    assertEquals(
        List.of(
            "ValidateTemplate",
            "AcquireLock",
            "CreateChangeSet",
            "ReviewChangeSet",
            "AcquireLock", // ConfirmLock
            "ExecuteChangeSet",
            "WaitForStack",
            "CheckStack",
            "RecordResult",
            "Notify"),
        steps.calls);
    assertEquals(Duration.ofSeconds(40), steps.time.elapsed(), "resumed by the stack's event");
  }

  @Test
  @DisplayName(
      "findings that block (Validate's rejected) record the rejection and notify before the lock is"
          + " taken, and no change set is created")
  void rejectedByValidation() throws IOException {
    ScriptedSteps steps =
        new ScriptedSteps()
            .answer("AcquireLock", in -> obj("{\"acquired\": true}"))
            .answer("ValidateTemplate", in -> obj("{\"rejected\": true}"))
            .answer(
                "RecordResult",
                in -> {
                  // The record step reads the findings where Validate put them.
                  assertEquals(true, in.path("template").path("rejected").asBoolean());
                  return NODES.textNode("REJECTED");
                });
    assertEquals(ExecutionResult.Status.SUCCEEDED, run(steps).status());
    assertEquals(
        List.of("ValidateTemplate", "RecordResult", "Notify"),
        steps.calls,
        "the lock is never asked for: a rejection does not wait for the stack");
  }

  @Test
  @DisplayName("no changes skips execution and still records, releases and notifies")
  void noChanges() throws IOException {
    ScriptedSteps steps =
        new ScriptedSteps()
            .answer("AcquireLock", in -> obj("{\"acquired\": true}"))
            .answer("CreateChangeSet", in -> obj("{\"status\": \"NO_CHANGES\"}"));
    assertEquals(ExecutionResult.Status.SUCCEEDED, run(steps).status());
    assertEquals(
        List.of(
            "ValidateTemplate",
            "AcquireLock",
            "CreateChangeSet",
            "ReviewChangeSet",
            "RecordResult",
            "Notify"),
        steps.calls);
  }

  /** Counts state transitions as Step Functions bills them: one per state entered. */
  private static final class TransitionCount implements ExecutionJournal {
    final List<String> states = new ArrayList<>();

    @Override
    public void entered(String name, String stateName, JsonNode stateInput) {
      states.add(stateName);
    }
  }

  @Test
  @DisplayName(
      "a stack that takes 10 minutes costs 15 state transitions when its event resumes the wait"
          + " (the review and its choice replaced HasChanges; ConfirmLock added one; RecordResult"
          + " releasing the lock took ReleaseLock's away)")
  void transitions_whenStackTakesTenMinutesAndEventArrives_thenAtMostFifteen() throws IOException {
    ScriptedSteps steps =
        new ScriptedSteps()
            .answer("AcquireLock", in -> obj("{\"acquired\": true}"))
            .answer("CreateChangeSet", in -> obj("{\"status\": \"READY\"}"))
            .answer("ExecuteChangeSet", in -> executed(900))
            .answer("CheckStack", in -> obj("{\"inProgress\": false}"));
    steps.answer("WaitForStack", stackEventAfter(steps, Duration.ofMinutes(10)));
    TransitionCount count = new TransitionCount();

    ExecutionResult result = run(steps, count);

    assertEquals(ExecutionResult.Status.SUCCEEDED, result.status(), result::toString);
    assertEquals(Duration.ofMinutes(10), steps.time.elapsed());
    assertEquals(15, count.states.size(), count.states::toString);
    assertTrue(count.states.size() <= 15);
  }

  @Test
  @DisplayName(
      "a missed event: the heartbeat runs out, CheckStack polls with a doubling heartbeat, and"
          + " a 40-minute stack costs 19 transitions")
  void transitions_whenNoEventArrives_thenHeartbeatFallsBackToCheckStackWithBackoff()
      throws IOException {
    ScriptedSteps steps =
        new ScriptedSteps()
            .answer("AcquireLock", in -> obj("{\"acquired\": true}"))
            .answer("CreateChangeSet", in -> obj("{\"status\": \"READY\"}"))
            .answer("ExecuteChangeSet", in -> executed(900))
            .answer("CheckStack", in -> obj("{\"inProgress\": true, \"waitSeconds\": 1800}"))
            .answer("CheckStack", in -> obj("{\"inProgress\": false}"));
    TransitionCount count = new TransitionCount();

    ExecutionResult result = run(steps, count);

    assertEquals(ExecutionResult.Status.SUCCEEDED, result.status(), result::toString);
    // 900 s, then the doubled 1800 s: the stack settled within 45 minutes, found by CheckStack.
    assertEquals(Duration.ofSeconds(2700), steps.time.elapsed());
    assertEquals(
        List.of(
            "Validate",
            "Validated",
            "AcquireLock",
            "LockAcquired",
            "CreateChangeSet",
            "ReviewChangeSet",
            "Reviewed",
            "ConfirmLock",
            "ExecuteChangeSet",
            "WaitForStack",
            "CheckStack",
            "StackSettled",
            "BackOff",
            "WaitForStack",
            "CheckStack",
            "StackSettled",
            "RecordResult",
            "Notify",
            "Deployed"),
        count.states);
    assertEquals(2, steps.calls.stream().filter("WaitForStack"::equals).count());
  }

  @Test
  @DisplayName("a held lock is polled with the configured wait until it is acquired")
  void lockWaitLoop() throws IOException {
    ScriptedSteps steps =
        new ScriptedSteps()
            .answer("AcquireLock", in -> obj("{\"acquired\": false}"))
            .answer("AcquireLock", in -> obj("{\"acquired\": false}"))
            .answer("AcquireLock", in -> obj("{\"acquired\": true}"))
            .answer("CreateChangeSet", in -> obj("{\"status\": \"NO_CHANGES\"}"));
    assertEquals(ExecutionResult.Status.SUCCEEDED, run(steps).status());
    assertEquals(3, steps.calls.stream().filter("AcquireLock"::equals).count());
    assertEquals(Duration.ofSeconds(6), steps.time.elapsed(), "two lock polls of 3 s");
  }

  @Test
  @DisplayName("a failing step records FAILED with the error, releases the lock, notifies, fails")
  void failurePath() throws IOException {
    List<JsonNode> recorded = new ArrayList<>();
    ScriptedSteps steps =
        new ScriptedSteps()
            .answer("AcquireLock", in -> obj("{\"acquired\": true}"))
            .answer(
                "ValidateTemplate",
                in -> {
                  throw stepFailure("TEMPLATE_INVALID", "no Resources");
                })
            .answer(
                "RecordFailure",
                in -> {
                  recorded.add(in.path("failure"));
                  return NODES.textNode("FAILED");
                });
    ExecutionResult result = run(steps);
    assertEquals(ExecutionResult.Status.FAILED, result.status());
    assertEquals("fogbank.TEMPLATE_INVALID", result.error());
    assertEquals(
        List.of("ValidateTemplate", "RecordFailure", "ReleaseLock", "Notify"),
        steps.calls);
    assertEquals("fogbank.TEMPLATE_INVALID", recorded.get(0).path("Error").asText());
    assertEquals(
        "no Resources", obj(recorded.get(0).path("Cause").asText()).path("errorMessage").asText());
  }

  @Test
  @DisplayName("even when recording and releasing fail, the lock release and notify are attempted")
  void failurePath_whenRecordAndReleaseFail_stillNotifies() throws IOException {
    ScriptedSteps steps =
        new ScriptedSteps()
            .answer(
                "AcquireLock",
                in -> {
                  throw stepFailure("LOCKED", "held by d-0");
                })
            .answer(
                "RecordFailure",
                in -> {
                  throw stepFailure("INTERNAL", "table down");
                })
            .answer(
                "ReleaseLock",
                in -> {
                  throw stepFailure("INTERNAL", "table down");
                });
    ExecutionResult result = run(steps);
    assertEquals(ExecutionResult.Status.FAILED, result.status());
    assertEquals("Notify", steps.calls.get(steps.calls.size() - 1), steps.calls::toString);
    assertTrue(steps.calls.contains("ReleaseLock"));
  }

  @Test
  @DisplayName("an error without a cause still ends in a clean failure, not States.Runtime")
  void failureWithoutCause() throws IOException {
    ScriptedSteps steps =
        new ScriptedSteps()
            .answer(
                "AcquireLock",
                in -> {
                  throw new TaskFailure("Lambda.Unknown", null);
                });
    ExecutionResult result = run(steps);
    assertEquals(ExecutionResult.Status.FAILED, result.status());
    assertEquals("Lambda.Unknown", result.error());
  }

  @Test
  @DisplayName("an outage (fogbank.AWS_UNAVAILABLE) is retried and the deployment goes on")
  void outageIsRetried() throws IOException {
    ScriptedSteps steps =
        new ScriptedSteps()
            .answer("AcquireLock", in -> obj("{\"acquired\": true}"))
            .answer("CreateChangeSet", in -> obj("{\"status\": \"READY\"}"))
            .answer(
                "ExecuteChangeSet",
                in -> {
                  throw stepFailure("AWS_UNAVAILABLE", "CloudFormation answered HTTP 503");
                })
            .answer("ExecuteChangeSet", in -> executed(900))
            .answer("CheckStack", in -> obj("{\"inProgress\": false}"));
    ExecutionResult result = run(steps);
    assertEquals(ExecutionResult.Status.SUCCEEDED, result.status());
    assertEquals(2, steps.calls.stream().filter("ExecuteChangeSet"::equals).count());
  }

  @Test
  @DisplayName("a refusal (fogbank.CHANGE_SET_FAILED) is not retried: one call, recorded, failed")
  void refusalIsNotRetried() throws IOException {
    List<JsonNode> recorded = new ArrayList<>();
    ScriptedSteps steps =
        new ScriptedSteps()
            .answer("AcquireLock", in -> obj("{\"acquired\": true}"))
            .answer("CreateChangeSet", in -> obj("{\"status\": \"READY\"}"))
            .answer(
                "ExecuteChangeSet",
                in -> {
                  throw stepFailure("CHANGE_SET_FAILED", "change set 'c' was refused: no");
                })
            .answer(
                "RecordFailure",
                in -> {
                  recorded.add(in.path("failure"));
                  return NODES.textNode("FAILED");
                });
    ExecutionResult result = run(steps);
    assertEquals(ExecutionResult.Status.FAILED, result.status());
    assertEquals("fogbank.CHANGE_SET_FAILED", result.error());
    assertEquals(
        List.of(
            "ValidateTemplate",
            "AcquireLock",
            "CreateChangeSet",
            "ReviewChangeSet",
            "AcquireLock", // ConfirmLock
            "ExecuteChangeSet",
            "RecordFailure",
            "ReleaseLock",
            "Notify"),
        steps.calls);
    assertEquals("fogbank.CHANGE_SET_FAILED", recorded.get(0).path("Error").asText());
  }

  /** WaitForApproval's worker: a person's decision arrives {@code after} the token was stored. */
  private static Function<JsonNode, JsonNode> decisionAfter(
      ScriptedSteps steps, Duration after, boolean approve) {
    return payload -> {
      String token = payload.path("taskToken").asText();
      assertEquals("d-1", payload.path("deploymentId").asText());
      assertEquals("HIGH", payload.path("review").path("riskLevel").asText());
      steps.time.at(
          after,
          () -> {
            if (approve) {
              steps.engine.sendTaskSuccess(token, obj("{\"decision\": \"APPROVED\"}"));
            } else {
              steps.engine.sendTaskFailure(token, "fogbank.CANCELLED", "rejected by ops: no");
            }
          });
      return NODES.nullNode();
    };
  }

  private static ScriptedSteps reviewedHigh() {
    return new ScriptedSteps()
        .answer("AcquireLock", in -> obj("{\"acquired\": true}"))
        .answer("CreateChangeSet", in -> obj("{\"status\": \"READY\"}"))
        .answer(
            "ReviewChangeSet",
            in -> obj("{\"riskLevel\": \"HIGH\", \"blocked\": false, \"approvalRequired\": true}"))
        .answer("ExecuteChangeSet", in -> executed(900))
        .answer("CheckStack", in -> obj("{\"inProgress\": false}"));
  }

  @Test
  @DisplayName("a change set that needs approval waits for it, then executes once approved")
  void approval_whenApproved_thenExecutes() throws IOException {
    ScriptedSteps steps = reviewedHigh();
    steps.answer("WaitForApproval", decisionAfter(steps, Duration.ofHours(2), true));
    steps.answer("WaitForStack", stackEventAfter(steps, Duration.ofSeconds(30)));
    TransitionCount count = new TransitionCount();

    ExecutionResult result = run(steps, count);

    assertEquals(ExecutionResult.Status.SUCCEEDED, result.status(), result::toString);
    assertEquals(
        List.of(
            "ValidateTemplate",
            "AcquireLock",
            "CreateChangeSet",
            "ReviewChangeSet",
            "WaitForApproval",
            "AcquireLock", // ConfirmLock
            "ExecuteChangeSet",
            "WaitForStack",
            "CheckStack",
            "RecordResult",
            "Notify"),
        steps.calls);
    assertEquals(Duration.ofHours(2).plusSeconds(30), steps.time.elapsed());
    assertEquals(16, count.states.size(), count.states::toString);
  }

  @Test
  @DisplayName(
      "a rejected change set is discarded and recorded (CANCELLED), the lock released, notified")
  void approval_whenRejected_thenDiscardsRecordsReleasesNotifies() throws IOException {
    List<JsonNode> recorded = new ArrayList<>();
    ScriptedSteps steps = reviewedHigh();
    steps.answer("WaitForApproval", decisionAfter(steps, Duration.ofMinutes(5), false));
    steps.answer(
        "RecordResult",
        in -> {
          recorded.add(in.path("cancellation"));
          return NODES.textNode("CANCELLED");
        });

    ExecutionResult result = run(steps);

    assertEquals(ExecutionResult.Status.SUCCEEDED, result.status(), result::toString);
    assertEquals(
        List.of(
            "ValidateTemplate",
            "AcquireLock",
            "CreateChangeSet",
            "ReviewChangeSet",
            "WaitForApproval",
            "DiscardChangeSet",
            "RecordResult",
            "Notify"),
        steps.calls);
    assertEquals("fogbank.CANCELLED", recorded.get(0).path("Error").asText());
    assertEquals("rejected by ops: no", recorded.get(0).path("Cause").asText());
  }

  @Test
  @DisplayName("nobody decides within a day: States.Timeout discards the change set, CANCELLED")
  void approval_whenNobodyDecides_thenTimesOutAfterADay() throws IOException {
    List<JsonNode> recorded = new ArrayList<>();
    ScriptedSteps steps = reviewedHigh();
    steps.answer("WaitForApproval", in -> NODES.nullNode());
    steps.answer(
        "RecordResult",
        in -> {
          recorded.add(in.path("cancellation"));
          return NODES.textNode("CANCELLED");
        });

    ExecutionResult result = run(steps);

    assertEquals(ExecutionResult.Status.SUCCEEDED, result.status(), result::toString);
    assertEquals(Duration.ofDays(1), steps.time.elapsed());
    assertTrue(steps.calls.contains("DiscardChangeSet"), steps.calls::toString);
    assertTrue(!steps.calls.contains("ExecuteChangeSet"), steps.calls::toString);
    assertEquals("States.Timeout", recorded.get(0).path("Error").asText());
  }

  @Test
  @DisplayName("a change set the review blocks is recorded and never executed or waited on")
  void review_whenBlocked_thenRecordsWithoutExecuting() throws IOException {
    ScriptedSteps steps =
        new ScriptedSteps()
            .answer("AcquireLock", in -> obj("{\"acquired\": true}"))
            .answer("CreateChangeSet", in -> obj("{\"status\": \"READY\"}"))
            .answer(
                "ReviewChangeSet",
                in -> obj("{\"blocked\": true, \"approvalRequired\": false}"))
            .answer(
                "RecordResult",
                in -> {
                  assertEquals(true, in.path("review").path("blocked").asBoolean());
                  return NODES.textNode("FAILED");
                });

    assertEquals(ExecutionResult.Status.SUCCEEDED, run(steps).status());
    assertEquals(
        List.of(
            "ValidateTemplate",
            "AcquireLock",
            "CreateChangeSet",
            "ReviewChangeSet",
            "RecordResult",
            "Notify"),
        steps.calls);
  }

  @Test
  @DisplayName("every Task retries fogbank.AWS_UNAVAILABLE and no other fogbank error")
  void retriersNameOnlyTheOutage() throws IOException {
    JsonNode states = definition().path("States");
    List<String> tasks = new ArrayList<>();
    states
        .properties()
        .forEach(
            state -> {
              if (!"Task".equals(state.getValue().path("Type").asText())) {
                return;
              }
              tasks.add(state.getKey());
              List<String> fogbankNames = new ArrayList<>();
              for (JsonNode retrier : state.getValue().path("Retry")) {
                for (JsonNode name : retrier.path("ErrorEquals")) {
                  assertTrue(
                      !name.asText().startsWith("dev.fogbank."),
                      state.getKey() + " matches a Java class name: " + name);
                  if (name.asText().startsWith("fogbank.")) {
                    fogbankNames.add(name.asText());
                  }
                }
              }
              assertEquals(List.of("fogbank.AWS_UNAVAILABLE"), fogbankNames, state.getKey());
            });
    assertTrue(tasks.size() >= 10, "tasks found: " + tasks);
  }
}
