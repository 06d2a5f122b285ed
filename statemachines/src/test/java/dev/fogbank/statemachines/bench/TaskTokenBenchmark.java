package dev.fogbank.statemachines.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.controlplane.FunctionName;
import dev.fogbank.shared.wait.Pause;
import dev.fogbank.statemachines.asl.AslEngine;
import dev.fogbank.statemachines.asl.ExecutionJournal;
import dev.fogbank.statemachines.asl.ExecutionResult;
import dev.fogbank.statemachines.asl.ScriptedTime;
import dev.fogbank.statemachines.asl.TaskInvoker;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Figures for scripts/lib/bench-tasktoken.sh, printed as one JSON line:
 *
 * <ul>
 *   <li>state transitions (states entered, as Step Functions bills them) of deploy.asl.json for a
 *       stack that takes 10 minutes: resumed by the stack's event, and with the event missed
 *       (heartbeat fallback); beside the polling loop it replaces (CheckStack, StackSettled, a 5 s
 *       Wait), run in the same process on simulated time;
 *   <li>the local engine's callback latency: SendTaskSuccess from another thread until the waiting
 *       execution has finished, beside the floor of the same one-state execution whose Task
 *       answers at once (no callback).
 * </ul>
 *
 * <p>Usage: {@code TaskTokenBenchmark RUNS}.
 */
public final class TaskTokenBenchmark {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The loop WaitForStack replaced, as deploy.asl.json had it: poll every 5 s. */
  private static final String POLLING =
      """
      {"StartAt": "CheckStack", "States": {
        "CheckStack": {"Type": "Task", "Resource": "check", "ResultPath": "$.stack",
                       "Next": "StackSettled"},
        "StackSettled": {"Type": "Choice", "Choices": [{"Variable": "$.stack.inProgress",
                         "BooleanEquals": true, "Next": "WaitForStack"}], "Default": "Done"},
        "WaitForStack": {"Type": "Wait", "Seconds": 5, "Next": "CheckStack"},
        "Done": {"Type": "Succeed"}}}
      """;

  private static final String CALLBACK =
      """
      {"StartAt": "Wait", "States": {"Wait": {"Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
        "Parameters": {"FunctionName": "f", "Payload": {"token.$": "$$.Task.Token"}},
        "HeartbeatSeconds": 60, "End": true}}}
      """;

  private static final String PLAIN =
      """
      {"StartAt": "Wait", "States": {"Wait": {"Type": "Task", "Resource": "f",
        "Parameters": {"token.$": "$$.State.Name"}, "End": true}}}
      """;

  private TaskTokenBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int eventPath = deployTransitions(true);
    int fallback = deployTransitions(false);
    int polling = pollingTransitions(Duration.ofMinutes(10));
    List<Double> callback = new ArrayList<>();
    List<Double> plain = new ArrayList<>();
    AslEngine[] engine = new AslEngine[1];
    CompletableFuture<String>[] issued = newIssued();
    engine[0] =
        AslEngine.create(
            (resource, input, context) -> {
              if (context.taskToken() != null) {
                issued[0].complete(context.taskToken());
              }
              return MAPPER.createObjectNode();
            },
            ExecutionJournal.NONE,
            Pause.SYSTEM,
            Clock.systemUTC());
    JsonNode callbackDefinition = AslEngine.parseDefinition(CALLBACK);
    JsonNode plainDefinition = AslEngine.parseDefinition(PLAIN);
    int warmup = 200;
    for (int i = 0; i < warmup + runs; i++) {
      issued[0] = new CompletableFuture<>();
      CompletableFuture<ExecutionResult> done = new CompletableFuture<>();
      String name = "cb-" + i;
      Thread.ofVirtual()
          .start(
              () ->
                  done.complete(
                      engine[0].run(name, callbackDefinition, MAPPER.createObjectNode())));
      String token = issued[0].get(30, TimeUnit.SECONDS);
      long t0 = System.nanoTime();
      engine[0].sendTaskSuccess(token, "{}");
      ExecutionResult result = done.get(30, TimeUnit.SECONDS);
      long callbackNanos = System.nanoTime() - t0;
      long t1 = System.nanoTime();
      engine[0].run("plain-" + i, plainDefinition, MAPPER.createObjectNode());
      long plainNanos = System.nanoTime() - t1;
      if (!result.succeeded()) {
        throw new IllegalStateException("callback run failed: " + result);
      }
      if (i >= warmup) {
        callback.add(callbackNanos / 1e6);
        plain.add(plainNanos / 1e6);
      }
    }
    System.out.printf(
        "{\"eventTransitions\": %d, \"fallbackTransitions\": %d, \"pollingTransitions\": %d,"
            + " \"callbackP50Ms\": %.3f, \"callbackP95Ms\": %.3f, \"plainP50Ms\": %.3f,"
            + " \"plainP95Ms\": %.3f, \"runs\": %d}%n",
        eventPath,
        fallback,
        polling,
        percentile(callback, 50),
        percentile(callback, 95),
        percentile(plain, 50),
        percentile(plain, 95),
        runs);
  }

  @SuppressWarnings("unchecked")
  private static CompletableFuture<String>[] newIssued() {
    return new CompletableFuture[] {new CompletableFuture<String>()};
  }

  private static double percentile(List<Double> samples, int p) {
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  /** deploy.asl.json for a 10-minute stack, on simulated time; the event comes or it does not. */
  private static int deployTransitions(boolean eventArrives) throws Exception {
    ScriptedTime time = new ScriptedTime();
    AtomicInteger entered = new AtomicInteger();
    AslEngine[] engine = new AslEngine[1];
    TaskInvoker steps =
        (resource, input, context) -> {
          String function =
              resource.startsWith("arn:aws:states:::lambda:invoke")
                  ? input.path("FunctionName").asText()
                  : resource.substring(resource.lastIndexOf(':') + 1);
          return switch (function) {
            case "AcquireLock" -> json("{\"acquired\": true}");
            case "CreateChangeSet" -> json("{\"status\": \"READY\"}");
            case "ExecuteChangeSet" -> json("{\"waitSeconds\": 900}");
            case "WaitForStack" -> {
              if (eventArrives) {
                String token = context.taskToken();
                time.at(
                    Duration.ofMinutes(10),
                    () -> engine[0].sendTaskSuccess(token, "{\"status\": \"UPDATE_COMPLETE\"}"));
              }
              yield MAPPER.nullNode();
            }
            case "CheckStack" ->
                json(
                    time.elapsed().compareTo(Duration.ofMinutes(10)) >= 0
                        ? "{\"inProgress\": false}"
                        : "{\"inProgress\": true, \"waitSeconds\": 1800}");
            default -> MAPPER.nullNode();
          };
        };
    engine[0] = AslEngine.create(steps, counting(entered), time, time);
    ObjectNode input = MAPPER.createObjectNode();
    input.put("deploymentId", "d-1");
    input.put("stackName", "web");
    input.put("account", "123456789012");
    input.put("region", "eu-west-1");
    ExecutionResult result = engine[0].run("bench", deployDefinition(), input);
    if (!result.succeeded()) {
      throw new IllegalStateException("deploy run failed: " + result);
    }
    return entered.get();
  }

  /** The replaced loop alone, for a stack that takes {@code stackTakes}. */
  private static int pollingTransitions(Duration stackTakes) {
    ScriptedTime time = new ScriptedTime();
    AtomicInteger entered = new AtomicInteger();
    TaskInvoker check =
        (resource, input, context) ->
            json("{\"inProgress\": " + (time.elapsed().compareTo(stackTakes) < 0) + "}");
    AslEngine.create(check, counting(entered), time, time)
        .run("poll", AslEngine.parseDefinition(POLLING), MAPPER.createObjectNode());
    // Done stands for RecordResult, which the whole deployment counts anyway: not the loop's.
    return entered.get() - 1;
  }

  private static ExecutionJournal counting(AtomicInteger entered) {
    return new ExecutionJournal() {
      @Override
      public void entered(String name, String stateName, JsonNode stateInput) {
        entered.incrementAndGet();
      }
    };
  }

  private static JsonNode deployDefinition() throws Exception {
    try (InputStream in =
        TaskTokenBenchmark.class.getResourceAsStream("/statemachines/deploy.asl.json")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (FunctionName function : FunctionName.values()) {
        text =
            text.replace(
                "${" + function.substitutionName() + "}",
                "arn:aws:lambda:us-east-1:1:function:" + function.id());
      }
      return AslEngine.parseDefinition(text);
    }
  }

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
