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
  @Test
  void entered_whenStatesFollowOneAnother_thenEachAppendsALineAndTheLastIsRead()
      throws IOException {
    FileExecutionJournal journal = new FileExecutionJournal(dir, AslTesting.fixedClock());
    journal.started("deploy-1", json("{\"stack\": \"api\"}"));
    journal.entered("deploy-1", "Lock", json("{\"n\": 1}"));
    journal.entered("deploy-1", "Deploy", json("{\"n\": 2}"));

    assertEquals(3, Files.readAllLines(dir.resolve("deploy-1.json")).size());
    JournaledExecution read = new FileExecutionJournal(dir).get("deploy-1");
    assertEquals("Deploy", read.currentState());
    assertEquals(json("{\"n\": 2}"), read.stateInput());
  }

  @Test
  void unfinished_whenAKillCutTheLastLineShort_thenTheRecordBeforeItIsRead() throws IOException {
    FileExecutionJournal journal = new FileExecutionJournal(dir, AslTesting.fixedClock());
    journal.started("deploy-1", json("{\"stack\": \"api\"}"));
    journal.entered("deploy-1", "Lock", json("{\"n\": 1}"));
    Path file = dir.resolve("deploy-1.json");
    String whole = Files.readString(file);
    List<String> lines = Files.readAllLines(file);
    String cut = lines.get(lines.size() - 1).replace("\"Lock\"", "\"Deploy\"");
    // What a kill in the middle of the next append leaves: part of a line, no line end.
    Files.writeString(file, whole + cut.substring(0, cut.length() / 2));

    List<JournaledExecution> unfinished = new FileExecutionJournal(dir).unfinished();

    assertEquals(1, unfinished.size());
    assertEquals("Lock", unfinished.get(0).currentState());
    assertEquals(json("{\"n\": 1}"), unfinished.get(0).stateInput());
  }

  @Test
  void get_whenAResumedJournalWritesAfterACutLine_thenTheFileIsWrittenWholeAndReadBack()
      throws IOException {
    FileExecutionJournal journal = new FileExecutionJournal(dir, AslTesting.fixedClock());
    journal.started("deploy-1", json("{}"));
    Path file = dir.resolve("deploy-1.json");
    Files.writeString(file, Files.readString(file) + "{\"name\":\"deploy-1\",\"sta");

    FileExecutionJournal restarted = new FileExecutionJournal(dir, AslTesting.fixedClock());
    restarted.entered("deploy-1", "Deploy", json("{\"n\": 3}"));

    assertEquals(1, Files.readAllLines(file).size());
    assertEquals("Deploy", new FileExecutionJournal(dir).get("deploy-1").currentState());
  }

  @Test
  void get_whenTheFileIsOneRecordWithoutALineEnd_thenItIsRead() throws IOException {
    // As journals wrote every record before records became lines.
    Files.writeString(
        dir.resolve("old-1.json"),
        "{\"name\":\"old-1\",\"status\":\"RUNNING\",\"input\":{},\"currentState\":\"Lock\","
            + "\"stateInput\":{},\"taskToken\":null,\"startedAt\":\"2026-01-01T00:00:00Z\","
            + "\"updatedAt\":\"2026-01-01T00:00:00Z\",\"error\":null,\"cause\":null}");

    JournaledExecution read = new FileExecutionJournal(dir).get("old-1");

    assertEquals(JournaledExecution.Status.RUNNING, read.status());
    assertEquals("Lock", read.currentState());
  }

  @Test
  void entered_whenTheFilePassesTheCompactionSize_thenItIsWrittenWholeAgain() throws IOException {
    FileExecutionJournal journal = new FileExecutionJournal(dir, AslTesting.fixedClock());
    journal.started("deploy-1", json("{}"));
    String big = "x".repeat((int) (FileExecutionJournal.COMPACT_AT_BYTES / 3));
    for (int i = 0; i < 5; i++) {
      journal.entered("deploy-1", "S" + i, json("{\"big\": \"" + big + "\"}"));
    }

    List<String> lines = Files.readAllLines(dir.resolve("deploy-1.json"));
    assertTrue(lines.size() < 5, "lines: " + lines.size());
    assertEquals("S4", new FileExecutionJournal(dir).get("deploy-1").currentState());
  }

  @Test
  void finished_whenStatesWereAppended_thenTheFileIsOneLine() throws IOException {
    FileExecutionJournal journal = new FileExecutionJournal(dir, AslTesting.fixedClock());

    run(journal, "deploy-1", (resource, input, context) -> json("true"));

    assertEquals(1, Files.readAllLines(dir.resolve("deploy-1.json")).size());
    assertEquals(
        JournaledExecution.Status.SUCCEEDED, new FileExecutionJournal(dir).get("deploy-1").status());
  }
}
