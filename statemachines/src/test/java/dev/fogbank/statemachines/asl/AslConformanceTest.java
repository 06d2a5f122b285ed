package dev.fogbank.statemachines.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fogbank.shared.testing.Prerequisite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the ASL conformance corpus (executions recorded on real AWS, see the corpus README) through
 * {@link AslEngine}: one dynamic test per case. Outputs must equal AWS's as JSON values (numbers by
 * value); errors must have AWS's name and, except for States.Runtime (whose wording is AWS's own),
 * AWS's exact cause. A crash of this engine is a failure even where AWS expects States.Runtime, and
 * exactly the corpus's cases must run: a lost case or a missing corpus in CI fails the build.
 */
class AslConformanceTest {

  private static final String DIR_ENV = "FOGBANK_ASL_CONFORMANCE_DIR";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The corpus README's count of executions recorded on AWS; a different count is a new corpus. */
  static final int CORPUS_CASES = 145;

  /** A Java exception's class in a cause: AWS never reports one, this engine's bugs do. */
  private static final Pattern JAVA_EXCEPTION =
      Pattern.compile(
          "\\b(?:java|javax|com\\.fasterxml|dev\\.fogbank)\\.[\\w.$]*(?:Exception|Error)\\b");

  /** Cases this engine deliberately does not run, with the reason. Empty: all are supported. */
  private static final Map<String, String> UNSUPPORTED = Map.of();

  private static final AtomicInteger PASSED = new AtomicInteger();
  private static final AtomicInteger RUN = new AtomicInteger();

  private static Path corpus;

  /**
   * Finds the corpus. Missing, the suite is skipped outside CI and fails in CI ({@link
   * Prerequisite}). A {@value #DIR_ENV} that names no folder always fails: someone meant it to run.
   */
  @BeforeAll
  static void locateCorpusOrSkip() {
    Map<String, String> env = System.getenv();
    Optional<Path> found = locateCorpus(env, Path.of("").toAbsolutePath());
    requireCorpus(found, env);
    corpus = found.orElseThrow();
  }

  /** Returns if {@code found}; otherwise fails or skips, see {@link #locateCorpusOrSkip}. */
  static void requireCorpus(Optional<Path> found, Map<String, String> env) {
    String named = env.get(DIR_ENV);
    if (found.isEmpty() && !isBlank(named)) {
      fail("ASL conformance corpus not found: " + DIR_ENV + "=" + named + " is not a folder");
    }
    Prerequisite.require(
        found.isPresent(),
        "ASL conformance corpus not found (set "
            + DIR_ENV
            + " or place it at <repo>/../shared/asl-conformance): its "
            + CORPUS_CASES
            + " cases did not run");
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  @TestFactory
  Stream<DynamicTest> conformanceCases() throws IOException {
    List<Path> cases;
    try (Stream<Path> files = Files.list(corpus)) {
      cases =
          files.filter(f -> f.getFileName().toString().matches("\\d+-.*\\.json")).sorted().toList();
    }
    assertEquals(
        CORPUS_CASES,
        cases.size(),
        "cases (NNN-*.json) in the corpus folder " + corpus + ": a lost or added case?");
    return cases.stream()
        .filter(f -> !UNSUPPORTED.containsKey(caseName(f)))
        .map(f -> DynamicTest.dynamicTest(caseName(f), f.toUri(), () -> runCase(f)));
  }

  /** Every case ran (none lost by a filter or an early end), then the pass rate. */
  @AfterAll
  static void allCasesRan() {
    if (corpus == null) {
      return; // skipped outside CI; the banner said so
    }
    System.out.printf(
        "ASL conformance: %d/%d passed%s%n",
        PASSED.get(),
        RUN.get() + UNSUPPORTED.size(),
        UNSUPPORTED.isEmpty() ? "" : " (" + UNSUPPORTED.size() + " unsupported)");
    assertEquals(
        CORPUS_CASES, RUN.get() + UNSUPPORTED.size(), "conformance cases run (or unsupported)");
  }

  private static void runCase(Path file) throws IOException {
    RUN.incrementAndGet();
    JsonNode testCase = JSON.readTree(file.toFile());
    // Waits and retry intervals are recorded, not slept: the outcome does not depend on them.
    AslEngine engine =
        AslEngine.create(
            (resource, input, context) -> {
              throw new AssertionError("the corpus has no Task states, got " + resource);
            },
            ExecutionJournal.NONE,
            duration -> {},
            Clock.systemUTC());
    ExecutionResult result =
        engine.run(caseName(file), testCase.get("definition"), testCase.get("input"));
    assertNoEngineFault(result);

    if (testCase.has("expectedOutput")) {
      JsonNode expected = testCase.get("expectedOutput");
      assertEquals(
          ExecutionResult.Status.SUCCEEDED,
          result.status(),
          () -> "expected success with " + expected + ", got " + result);
      if (!sameJson(expected, result.output())) {
        fail("output differs\n expected: " + expected + "\n actual:   " + result.output());
      }
    } else {
      JsonNode expected = testCase.get("expectedError");
      assertEquals(
          ExecutionResult.Status.FAILED,
          result.status(),
          () -> "expected failure " + expected + ", got output " + result.output());
      String expectedError = textOrNull(expected.get("error"));
      assertEquals(expectedError, result.error(), () -> "error name; result " + result);
      if (expected.has("cause")) {
        String expectedCause = textOrNull(expected.get("cause"));
        if ("States.Runtime".equals(expectedError)) {
          // Soft check allowed by the corpus README: AWS's own wording of runtime errors.
          if (!Objects.equals(expectedCause, result.cause())) {
            System.out.printf(
                "ASL conformance: %s: States.Runtime cause differs (soft)%n  AWS:    %s%n  local:"
                    + "  %s%n",
                caseName(file), expectedCause, result.cause());
          }
          assertTrue(result.cause() != null, "a States.Runtime failure must explain itself");
        } else {
          assertEquals(expectedCause, result.cause(), "cause");
        }
      }
    }
    PASSED.incrementAndGet();
  }

  /**
   * The engine reports its own crash as a States.Runtime failure so an execution always ends; a
   * case expecting States.Runtime must not pass on that.
   */
  static void assertNoEngineFault(ExecutionResult result) {
    String cause = result.cause();
    if (cause == null) {
      return;
    }
    if (cause.startsWith(AslEngine.ENGINE_FAULT_CAUSE) || JAVA_EXCEPTION.matcher(cause).find()) {
      fail("the local ASL engine crashed: " + result.error() + ": " + cause);
    }
  }

  /** JSON equality with numbers compared by value (1 equals 1.0), key order ignored. */
  static boolean sameJson(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
      return false;
    }
    if (a.isObject()) {
      for (Iterator<String> names = a.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!b.has(name) || !sameJson(a.get(name), b.get(name))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray()) {
      for (int i = 0; i < a.size(); i++) {
        if (!sameJson(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static String caseName(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - ".json".length());
  }

  /** {@value #DIR_ENV}, else {@code shared/asl-conformance} in {@code start} or an ancestor. */
  static Optional<Path> locateCorpus(Map<String, String> env, Path start) {
    String fromEnv = env.get(DIR_ENV);
    if (!isBlank(fromEnv)) {
      Path dir = Path.of(fromEnv);
      return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("asl-conformance");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
