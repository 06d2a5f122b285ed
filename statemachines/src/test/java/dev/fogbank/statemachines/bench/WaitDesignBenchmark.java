package dev.fogbank.statemachines.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.controlplane.FunctionName;
import dev.fogbank.statemachines.asl.AslEngine;
import dev.fogbank.statemachines.asl.ExecutionJournal;
import dev.fogbank.statemachines.asl.ExecutionResult;
import dev.fogbank.statemachines.asl.ScriptedTime;
import dev.fogbank.statemachines.asl.TaskInvoker;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The work the deploy state machine does for a stack that takes 10 minutes, counted by running it
 * on the local ASL engine on simulated time (scripts/lib/bench-cost.sh turns it into dollars):
 * state transitions (states entered, as Step Functions bills them) and Lambda invocations per
 * function, for three designs of the stack wait:
 *
 * <ul>
 *   <li>{@code event}: deploy.asl.json as it is (WaitForStack keeps a task token; the stack's
 *       status event resumes it at 10 minutes);
 *   <li>{@code poll2s}, {@code poll30s}: deploy.asl.json with WaitForStack replaced by the polling
 *       loop it replaced (CheckStack, StackSettled, a Wait of 2 s or 30 s back to CheckStack).
 * </ul>
 *
 * <p>Prints one JSON line. Usage: {@code WaitDesignBenchmark}.
 */
public final class WaitDesignBenchmark {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration STACK_TAKES = Duration.ofMinutes(10);

  private WaitDesignBenchmark() {}

  public static void main(String[] args) throws Exception {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("stackTakesSeconds", STACK_TAKES.toSeconds());
    out.set("event", run(deployDefinition(0)));
    out.set("poll2s", run(deployDefinition(2)));
    out.set("poll30s", run(deployDefinition(30)));
    System.out.println(MAPPER.writeValueAsString(out));
  }

  /** One deployment whose stack settles after {@link #STACK_TAKES}; what it did. */
  private static ObjectNode run(JsonNode definition) {
    ScriptedTime time = new ScriptedTime();
    Map<String, AtomicInteger> entered = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> invoked = new ConcurrentHashMap<>();
    AslEngine[] engine = new AslEngine[1];
    TaskInvoker steps =
        (resource, input, context) -> {
          String function =
              resource.startsWith("arn:aws:states:::lambda:invoke")
                  ? input.path("FunctionName").asText()
                  : resource.substring(resource.lastIndexOf(':') + 1);
          function = function.substring(function.lastIndexOf(':') + 1);
          invoked.computeIfAbsent(function, k -> new AtomicInteger()).incrementAndGet();
          boolean settled = time.elapsed().compareTo(STACK_TAKES) >= 0;
          return switch (function) {
            case "AcquireLock" -> json("{\"acquired\": true}");
            case "CreateChangeSet" -> json("{\"status\": \"READY\"}");
            case "ExecuteChangeSet" -> json("{\"waitSeconds\": 900}");
            case "WaitForStack" -> {
              String token = context.taskToken();
              time.at(
                  STACK_TAKES,
                  () -> engine[0].sendTaskSuccess(token, "{\"status\": \"UPDATE_COMPLETE\"}"));
              yield MAPPER.nullNode();
            }
            case "CheckStack" ->
                json(settled ? "{\"inProgress\": false}"
                    : "{\"inProgress\": true, \"waitSeconds\": 1800}");
            default -> MAPPER.nullNode();
          };
        };
    ExecutionJournal journal =
        new ExecutionJournal() {
          @Override
          public void entered(String name, String stateName, JsonNode stateInput) {
            entered.computeIfAbsent(stateName, k -> new AtomicInteger()).incrementAndGet();
          }
        };
    engine[0] = AslEngine.create(steps, journal, time, time);
    ObjectNode input = MAPPER.createObjectNode();
    input.put("deploymentId", "d-1");
    input.put("stackName", "web");
    input.put("account", "123456789012");
    input.put("region", "us-east-1");
    ExecutionResult result = engine[0].run("cost", definition, input);
    if (!result.succeeded()) {
      throw new IllegalStateException("deploy run failed: " + result);
    }
    ObjectNode o = MAPPER.createObjectNode();
    o.put("transitions", entered.values().stream().mapToInt(AtomicInteger::get).sum());
    o.set("entered", MAPPER.valueToTree(sorted(entered)));
    o.set("invocations", MAPPER.valueToTree(sorted(invoked)));
    o.put("elapsedSeconds", time.elapsed().toSeconds());
    return o;
  }

  private static Map<String, Integer> sorted(Map<String, AtomicInteger> counts) {
    Map<String, Integer> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /**
   * deploy.asl.json with function names for ARNs; with {@code pollSeconds} > 0, WaitForStack
   * becomes a Wait of that many seconds (ExecuteChangeSet → Wait → CheckStack → StackSettled →
   * Wait...), the polling design.
   */
  private static JsonNode deployDefinition(int pollSeconds) throws Exception {
    try (InputStream in =
        WaitDesignBenchmark.class.getResourceAsStream("/statemachines/deploy.asl.json")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (FunctionName function : FunctionName.values()) {
        text =
            text.replace(
                "${" + function.substitutionName() + "}",
                "arn:aws:lambda:us-east-1:1:function:" + function.id());
      }
      ObjectNode definition = (ObjectNode) AslEngine.parseDefinition(text);
      if (pollSeconds > 0) {
        ObjectNode states = (ObjectNode) definition.path("States");
        ObjectNode wait = MAPPER.createObjectNode();
        wait.put("Type", "Wait");
        wait.put("Seconds", pollSeconds);
        wait.put("Next", "CheckStack");
        states.set("WaitForStack", wait);
        // Straight back to the Wait, as the replaced loop did (no BackOff Pass state).
        for (JsonNode choice : states.path("StackSettled").path("Choices")) {
          if ("BackOff".equals(choice.path("Next").asText())) {
            ((ObjectNode) choice).put("Next", "WaitForStack");
          }
        }
        states.remove("BackOff");
      }
      return definition;
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
