package dev.fogbank.statemachines.asl;

import static dev.fogbank.statemachines.asl.AslTesting.engine;
import static dev.fogbank.statemachines.asl.AslTesting.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.wait.Pause;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Paths, Wait timing and concurrency, beyond what the conformance corpus covers. */
class DataFlowTest {

  private final AslTesting.RecordingSleeper sleeper = new AslTesting.RecordingSleeper();

  @Test
  void resultPath_whenIntermediateObjectsAreMissing_thenTheyAreCreated() {
    JsonNode definition =
        json(
            """
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 7,
              "ResultPath": "$.a.b.c", "End": true}}}
            """);

    ExecutionResult result =
        engine(AslTesting.noTasks(), sleeper).run("e", definition, json("{\"a\": {\"x\": 1}}"));

    assertEquals(json("{\"a\": {\"x\": 1, \"b\": {\"c\": 7}}}"), result.output());
  }

  @Test
  void resultPath_whenTargetCrossesAScalar_thenStatesRuntime() {
    JsonNode definition =
        json(
            """
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": 7,
              "ResultPath": "$.a.b", "End": true}}}
            """);

    ExecutionResult result =
        engine(AslTesting.noTasks(), sleeper).run("e", definition, json("{\"a\": \"text\"}"));

    assertEquals("States.Runtime", result.error());
  }

  @Test
  void wait_whenSecondsPathAndFutureTimestamp_thenSleeperGetsTheDurations() {
    JsonNode definition =
        json(
            """
            {"StartAt": "W1", "States": {
              "W1": {"Type": "Wait", "SecondsPath": "$.poll", "Next": "W2"},
              "W2": {"Type": "Wait", "Timestamp": "2026-01-15T10:01:30Z", "Next": "W3"},
              "W3": {"Type": "Wait", "TimestampPath": "$.until", "End": true}}}
            """);

    ExecutionResult result =
        engine(AslTesting.noTasks(), sleeper)
            .run("e", definition, json("{\"poll\": 15, \"until\": \"2026-01-15T12:00:00+02:00\"}"));

    assertEquals(ExecutionResult.Status.SUCCEEDED, result.status(), result::toString);
    // The clock is fixed at 10:00:00Z; 12:00+02:00 is that same instant, so no third sleep.
    assertEquals(List.of(Duration.ofSeconds(15), Duration.ofSeconds(90)), sleeper.sleeps);
  }

  @Test
  void map_whenMaxConcurrencyIsTwo_thenAtMostTwoItemsRunAtOnceAndOrderIsKept() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    TaskInvoker slowDouble =
        (resource, input, context) -> {
          int now = running.incrementAndGet();
          peak.accumulateAndGet(now, Math::max);
          try {
            Thread.sleep(30);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            running.decrementAndGet();
          }
          return json(String.valueOf(input.get("value").intValue() * 2));
        };
    JsonNode definition =
        json(
            """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
              "MaxConcurrency": 2,
              "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
              "ItemProcessor": {"StartAt": "T", "States": {
                "T": {"Type": "Task", "Resource": "double", "End": true}}},
              "End": true}}}
            """);

    ExecutionResult result =
        engine(slowDouble, sleeper).run("e", definition, json("{\"items\": [1, 2, 3, 4, 5, 6]}"));

    assertEquals(json("[2, 4, 6, 8, 10, 12]"), result.output(), result::toString);
    assertTrue(peak.get() <= 2, "peak concurrency " + peak.get());
    assertEquals(2, peak.get(), "items should overlap when MaxConcurrency allows it");
  }

  @Test
  void map_whenOneIterationFails_thenMapFailsWithThatError() {
    TaskInvoker invoker =
        (resource, input, context) -> {
          if (input.intValue() == 3) {
            throw new TaskFailure("ItemBroke", "item 3");
          }
          return input;
        };
    JsonNode definition =
        json(
            """
            {"StartAt": "M", "States": {"M": {"Type": "Map",
              "ItemProcessor": {"StartAt": "T", "States": {
                "T": {"Type": "Task", "Resource": "r", "End": true}}},
              "End": true}}}
            """);

    ExecutionResult result = engine(invoker, sleeper).run("e", definition, json("[1, 2, 3, 4]"));

    assertEquals(ExecutionResult.failed("ItemBroke", "item 3"), result);
  }

  @Test
  void distributedMap_whenItemsRun_thenEachIsAChildExecutionWithinMaxConcurrency() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    java.util.Set<String> executions = java.util.concurrent.ConcurrentHashMap.newKeySet();
    List<String> transitions = new java.util.concurrent.CopyOnWriteArrayList<>();
    TaskInvoker invoker =
        (resource, input, context) -> {
          executions.add(context.executionName());
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            running.decrementAndGet();
          }
          return input;
        };
    ExecutionJournal journal =
        new ExecutionJournal() {
          @Override
          public void transition(String name, String stateName) {
            transitions.add(name + "|" + stateName);
          }
        };
    JsonNode definition =
        json(
            """
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
              "MaxConcurrencyPath": "$.concurrency", "Label": "Scan",
              "ItemSelector": {"value.$": "$$.Map.Item.Value"},
              "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "T", "States": {
                "T": {"Type": "Task", "Resource": "r",
                  "Parameters": {"value.$": "$.value", "input.$": "$$.Execution.Input",
                    "name.$": "$$.Execution.Name"}, "End": true}}},
              "End": true}}}
            """);

    ExecutionResult result =
        AslEngine.create(invoker, journal, sleeper, AslTesting.fixedClock())
            .run("scan", definition, json("{\"items\": [1, 2, 3, 4, 5, 6], \"concurrency\": 2}"));

    assertEquals(6, result.output().size(), result::toString);
    assertEquals(json("{\"value\": 3}"), result.output().get(2).get("input"));
    String name = result.output().get(2).get("name").asText();
    assertTrue(name.startsWith("scan/Scan/") && name.endsWith(":2"), name);
    assertEquals(6, executions.size(), "one child execution per item: " + executions);
    assertEquals(2, peak.get(), "children overlap up to MaxConcurrency, never beyond");
    assertTrue(transitions.contains("scan|M"));
    assertTrue(
        transitions.stream().anyMatch(t -> t.startsWith("scan/Scan/") && t.endsWith(":5|T")),
        transitions::toString);
  }

  @Test
  void distributedMap_whenChildFailsBeyondTolerance_thenExceedToleratedFailureThreshold() {
    TaskInvoker invoker =
        (resource, input, context) -> {
          if (input.intValue() % 2 == 0) {
            throw new TaskFailure("ItemBroke", "item " + input);
          }
          return input;
        };
    String definition =
        """
        {"StartAt": "M", "States": {"M": {"Type": "Map", "ToleratedFailureCount": %d,
          "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
            "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "r", "End": true}}},
          "End": true}}}
        """;

    ExecutionResult tolerated =
        engine(invoker, sleeper).run("e", json(definition.formatted(2)), json("[1, 2, 3, 4]"));
    ExecutionResult failed =
        engine(invoker, sleeper).run("e", json(definition.formatted(1)), json("[1, 2, 3, 4]"));

    assertEquals(json("1"), tolerated.output().get(0), tolerated::toString);
    assertEquals("ItemBroke", tolerated.output().get(1).get("Error").asText());
    assertEquals("States.ExceedToleratedFailureThreshold", failed.error(), failed::toString);
  }

  @Test
  void execution_whenTimeoutSecondsPassesBetweenStates_thenStatesTimeout() {
    AtomicReference<Instant> now = new AtomicReference<>(AslTesting.NOW);
    Clock clock =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    Pause advancing = duration -> now.updateAndGet(t -> t.plus(duration));
    JsonNode definition =
        json(
            """
            {"TimeoutSeconds": 60, "StartAt": "W", "States": {
              "W": {"Type": "Wait", "Seconds": 120, "Next": "Done"},
              "Done": {"Type": "Succeed"}}}
            """);

    ExecutionResult result =
        AslEngine.create(AslTesting.noTasks(), ExecutionJournal.NONE, advancing, clock)
            .run("e", definition, json("{}"));

    assertEquals("States.Timeout", result.error(), result::toString);
  }

  @Test
  void runStarted_whenTheCallerJournaledTheStart_thenTheStartIsNotWrittenAgain() {
    List<String> journaled = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutionJournal journal =
        new ExecutionJournal() {
          @Override
          public void started(String name, JsonNode input) {
            journaled.add("started " + name);
          }

          @Override
          public void entered(String name, String stateName, JsonNode stateInput) {
            journaled.add("entered " + name + " " + stateName);
          }

          @Override
          public void finished(String name, ExecutionResult result) {
            journaled.add("finished " + name);
          }
        };
    JsonNode definition =
        json("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");
    AslEngine engine =
        AslEngine.create(AslTesting.noTasks(), journal, Pause.SYSTEM, AslTesting.fixedClock());

    ExecutionResult first = engine.run("a", definition, json("{\"n\": 1}"));
    // The same definition object again: parsed once, run as before.
    ExecutionResult second = engine.runStarted("b", definition, json("{\"n\": 2}"));

    assertEquals(json("{\"n\": 1}"), first.output());
    assertEquals(json("{\"n\": 2}"), second.output());
    assertEquals(
        List.of("started a", "entered a P", "finished a", "entered b P", "finished b"), journaled);
  }
}
