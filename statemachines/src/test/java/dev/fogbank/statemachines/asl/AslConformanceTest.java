package dev.fogbank.statemachines.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the ASL conformance corpus (executions recorded on real AWS, see the corpus README) through
 * {@link AslEngine}: one dynamic test per case. Outputs must equal AWS's as JSON values (numbers by
 * value); errors must have AWS's name and, except for States.Runtime (whose wording is AWS's own),
 * AWS's exact cause.
 */
class AslConformanceTest {

  private static final String DIR_ENV = "FOGBANK_ASL_CONFORMANCE_DIR";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Cases this engine deliberately does not run, with the reason. Empty: all are supported. */
  private static final Map<String, String> UNSUPPORTED = Map.of();

  private static final AtomicInteger PASSED = new AtomicInteger();
  private static final AtomicInteger RUN = new AtomicInteger();

  private static Path corpus;

  /** Aborts the whole suite (reported as skipped, with this message) when the corpus is absent. */
  @BeforeAll
  static void locateCorpusOrSkip() {
    Optional<Path> found = locateCorpus();
    String skipped =
        "ASL conformance corpus not found: set "
            + DIR_ENV
            + " or place it at <repo>/../shared/asl-conformance; skipping this suite";
    if (found.isEmpty()) {
      System.out.println(skipped);
    }
    Assumptions.assumeTrue(found.isPresent(), skipped);
    corpus = found.get();
  }

  @TestFactory
  Stream<DynamicTest> conformanceCases() throws IOException {
    List<Path> cases;
    try (Stream<Path> files = Files.list(corpus)) {
      cases =
          files.filter(f -> f.getFileName().toString().matches("\\d+-.*\\.json")).sorted().toList();
    }
    assertTrue(cases.size() > 0, "the corpus folder " + corpus + " holds no cases");
    return cases.stream()
        .filter(f -> !UNSUPPORTED.containsKey(caseName(f)))
        .map(f -> DynamicTest.dynamicTest(caseName(f), f.toUri(), () -> runCase(f)));
  }

  @AfterAll
  static void printPassRate() {
    if (RUN.get() > 0) {
      System.out.printf(
          "ASL conformance: %d/%d passed%s%n",
          PASSED.get(),
          RUN.get() + UNSUPPORTED.size(),
          UNSUPPORTED.isEmpty() ? "" : " (" + UNSUPPORTED.size() + " unsupported)");
    }
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

  /** The env variable, else {@code shared/asl-conformance} in the working dir or an ancestor. */
  static Optional<Path> locateCorpus() {
    String fromEnv = System.getenv(DIR_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path dir = Path.of(fromEnv);
      return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("asl-conformance");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
