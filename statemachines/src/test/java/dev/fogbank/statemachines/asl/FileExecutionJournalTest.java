package dev.fogbank.statemachines.asl;

import static dev.fogbank.statemachines.asl.AslTesting.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileExecutionJournalTest {

  /** Stands in for the JVM dying mid-execution: an Error is not turned into a result. */
  private static final class SimulatedCrash extends Error {}

  private static final JsonNode DEFINITION =
      json(
          """
          {"StartAt": "Lock", "States": {
            "Lock": {"Type": "Task", "Resource": "lock", "ResultPath": "$.lock",
                     "Next": "Deploy"},
            "Deploy": {"Type": "Task", "Resource": "deploy", "ResultPath": null, "End": true}}}
          """);

  @TempDir Path dir;

  private ExecutionResult run(ExecutionJournal journal, String name, TaskInvoker invoker) {
    return AslEngine.create(
            invoker, journal, new AslTesting.RecordingSleeper(), AslTesting.fixedClock())
        .run(name, DEFINITION, json("{\"stack\": \"api\"}"));
  }

  @Test
  void finished_whenExecutionSucceeds_thenFileRecordsSucceededWithOutputAndLastState()
      throws IOException {
    FileExecutionJournal journal = new FileExecutionJournal(dir, AslTesting.fixedClock());

    run(journal, "deploy-1", (resource, input, context) -> json("true"));

    JournaledExecution recorded = journal.get("deploy-1");
    assertEquals(JournaledExecution.Status.SUCCEEDED, recorded.status());
    assertEquals("Deploy", recorded.currentState());
    assertEquals(json("{\"stack\": \"api\"}"), recorded.input());
    assertEquals(json("{\"stack\": \"api\", \"lock\": true}"), recorded.output());
    assertEquals(AslTesting.NOW, recorded.startedAt());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("deploy-1.json"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void unfinished_whenRuntimeCrashedMidExecution_thenNewJournalFindsItAndMarksItInterrupted() {
    TaskInvoker crashesInDeploy =
        (resource, input, context) -> {
          if (resource.equals("deploy")) {
            throw new SimulatedCrash();
          }
          return json("true");
        };
    FileExecutionJournal beforeCrash = new FileExecutionJournal(dir, AslTesting.fixedClock());
    run(beforeCrash, "deploy-done", (resource, input, context) -> json("true"));
    assertThrows(SimulatedCrash.class, () -> run(beforeCrash, "deploy-2", crashesInDeploy));

    FileExecutionJournal afterRestart = new FileExecutionJournal(dir, AslTesting.fixedClock());
    List<JournaledExecution> unfinished = afterRestart.unfinished();

    assertEquals(List.of("deploy-2"), unfinished.stream().map(JournaledExecution::name).toList());
    assertEquals("Deploy", unfinished.get(0).currentState());
    assertEquals(json("{\"stack\": \"api\"}"), unfinished.get(0).input());

    JournaledExecution failed = afterRestart.markInterrupted("deploy-2");

    assertEquals(JournaledExecution.Status.FAILED, failed.status());
    assertEquals(JournaledExecution.INTERRUPTED_ERROR, failed.error());
    assertTrue(failed.cause().contains("'Deploy'"), failed.cause());
    assertTrue(afterRestart.unfinished().isEmpty());
    assertEquals(JournaledExecution.Status.FAILED, afterRestart.get("deploy-2").status());
  }

  @Test
  void finished_whenExecutionFails_thenErrorAndCauseAreRecordedAndOutputIsNull() {
    FileExecutionJournal journal = new FileExecutionJournal(dir, AslTesting.fixedClock());

    run(
        journal,
        "deploy-3",
        (resource, input, context) -> {
          throw new TaskFailure("StackLocked", "held");
        });

    JournaledExecution recorded = journal.get("deploy-3");
    assertEquals(JournaledExecution.Status.FAILED, recorded.status());
    assertEquals("StackLocked", recorded.error());
    assertEquals("held", recorded.cause());
    assertNull(recorded.output());
  }

  @Test
  void fileName_whenExecutionNameHasPathCharacters_thenStaysInsideTheJournalFolder()
      throws IOException {
    FileExecutionJournal journal = new FileExecutionJournal(dir, AslTesting.fixedClock());

    journal.started("../escape/name", json("{}"));

    assertEquals("../escape/name", journal.get("../escape/name").name());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
    assertTrue(Files.notExists(dir.resolveSibling("escape")));
  }

  @Test
  void markInterrupted_whenNameUnknown_thenNoSuchElement() {
    FileExecutionJournal journal = new FileExecutionJournal(dir, AslTesting.fixedClock());

    assertThrows(NoSuchElementException.class, () -> journal.markInterrupted("nope"));
  }

  @Test
  void constructor_whenAKilledWriteLeftATemporaryFile_thenItIsRemovedAndRecordsKept()
      throws IOException {
    FileExecutionJournal before = new FileExecutionJournal(dir, AslTesting.fixedClock());
    before.started("deploy-1", json("{}"));
    Path leftover = Files.writeString(dir.resolve(".execution-123456.tmp"), "{\"name\":");

    FileExecutionJournal after = new FileExecutionJournal(dir, AslTesting.fixedClock());

    assertTrue(Files.notExists(leftover));
    assertEquals(JournaledExecution.Status.RUNNING, after.get("deploy-1").status());
  }

  @Test
  void restart_whenCutOffMidExecution_thenRunsFromTheChosenStateWithItsInput() {
    FileExecutionJournal journal = new FileExecutionJournal(dir, AslTesting.fixedClock());
    TaskInvoker crashesInDeploy =
        (resource, input, context) -> {
          if (resource.equals("deploy")) {
            throw new SimulatedCrash();
          }
          return json("\"held\"");
        };
    assertThrows(SimulatedCrash.class, () -> run(journal, "deploy-1", crashesInDeploy));
    JournaledExecution cut = new FileExecutionJournal(dir).unfinished().get(0);
    List<String> called = new java.util.ArrayList<>();

    ExecutionResult result =
        AslEngine.create(
                (resource, input, context) -> {
                  called.add(resource);
                  return json("true");
                },
                journal,
                new AslTesting.RecordingSleeper(),
                AslTesting.fixedClock())
            .restart(
                AslEngine.DEFAULT_STATE_MACHINE_NAME,
                cut,
                DEFINITION,
                cut.currentState(),
                cut.stateInput());

    assertEquals(List.of("deploy"), called, "the lock step is not run again");
    assertEquals(json("{\"stack\": \"api\", \"lock\": \"held\"}"), result.output());
    assertEquals(JournaledExecution.Status.SUCCEEDED, journal.get("deploy-1").status());
  }
}
