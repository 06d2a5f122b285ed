package dev.fogbank.statemachines.asl;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.testing.Prerequisite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The conformance suite's checks themselves, which run without the corpus. */
class AslConformanceStrictnessTest {

  @Test
  void assertNoEngineFault_whenEngineCrashedAsStatesRuntime_thenFails() {
    ExecutionResult crashed =
        ExecutionResult.failed(
            "States.Runtime",
            AslEngine.ENGINE_FAULT_CAUSE + "java.lang.NullPointerException: node is null");

    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class, () -> AslConformanceTest.assertNoEngineFault(crashed));

    assertTrue(e.getMessage().contains("crashed"), e.getMessage());
  }

  @Test
  void assertNoEngineFault_whenCauseNamesAJavaException_thenFails() {
    ExecutionResult leaked =
        ExecutionResult.failed(
            "States.Runtime",
            "An error occurred: com.fasterxml.jackson.core.JsonParseException: Unexpected char");

    assertThrows(AssertionFailedError.class, () -> AslConformanceTest.assertNoEngineFault(leaked));
  }

  @Test
  void assertNoEngineFault_whenAwsStyleRuntimeError_thenPasses() {
    ExecutionResult runtime =
        ExecutionResult.failed(
            "States.Runtime",
            "An error occurred while executing the state 'P'. The JSONPath '$.missing' specified"
                + " for the field 'InputPath' could not be found in the input '{}'");

    assertDoesNotThrow(() -> AslConformanceTest.assertNoEngineFault(runtime));
  }

  @Test
  void engine_whenItCrashes_thenCauseStartsWithTheEngineFaultMarker() {
    // A task resource the invoker cannot handle, failing with a bug rather than a TaskFailure.
    AslEngine engine =
        AslEngine.create(
            (resource, input, context) -> {
              throw new IllegalStateException("bug");
            },
            ExecutionJournal.NONE,
            d -> {},
            java.time.Clock.systemUTC());

    ExecutionResult result =
        engine.run(
            "e",
            AslTesting.json(
                "{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Task\", \"Resource\": \"r\","
                    + " \"End\": true}}}"),
            AslTesting.json("{}"));

    assertThrows(
        AssertionFailedError.class,
        () -> AslConformanceTest.assertNoEngineFault(result),
        () -> "result " + result);
  }

  @Test
  void requireCorpus_whenDirSetButAbsent_thenFailsEvenOutsideCi() {
    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class,
            () ->
                AslConformanceTest.requireCorpus(
                    Optional.empty(), Map.of("FOGBANK_ASL_CONFORMANCE_DIR", "/nowhere")));

    assertTrue(e.getMessage().contains("/nowhere is not a folder"), e.getMessage());
  }

  @Test
  void requireCorpus_whenMissingWithoutSettings_thenFailsInCiAndSkipsOutside() {
    // Which of the two is Prerequisite's rule (tested in shared); here: the suite never passes.
    Class<? extends Throwable> expected =
        Prerequisite.inCi() ? AssertionFailedError.class : TestAbortedException.class;

    Throwable e =
        assertThrows(expected, () -> AslConformanceTest.requireCorpus(Optional.empty(), Map.of()));

    assertTrue(e.getMessage().contains("145 cases did not run"), e.getMessage());
  }

  @Test
  void requireCorpus_whenFound_thenReturns(@TempDir Path dir) {
    assertDoesNotThrow(() -> AslConformanceTest.requireCorpus(Optional.of(dir), Map.of()));
  }

  @Test
  void locateCorpus_whenNoAncestorHasIt_thenEmpty(@TempDir Path dir) {
    assertEquals(Optional.empty(), AslConformanceTest.locateCorpus(Map.of(), dir));
  }

  @Test
  void locateCorpus_whenAnAncestorHasIt_thenFound(@TempDir Path dir) throws IOException {
    Path corpus = Files.createDirectories(dir.resolve("shared").resolve("asl-conformance"));
    Path deep = Files.createDirectories(dir.resolve("wt").resolve("branch").resolve("module"));

    assertEquals(Optional.of(corpus), AslConformanceTest.locateCorpus(Map.of(), deep));
  }
}
