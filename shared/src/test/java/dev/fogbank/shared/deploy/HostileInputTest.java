package dev.fogbank.shared.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.json.JsonLimits;
import dev.fogbank.shared.template.TemplateException;
import dev.fogbank.shared.template.TemplateReader;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of nasty inputs to the domain's readers: deployment.yaml, JSON templates, the one JSON
 * mapper and a submission's parameters and tags. Each is refused with fogbank's own code and a
 * message naming what is wrong, quickly, and never as an unchecked library exception (which the
 * API would answer with a 500). Hostile YAML templates have their own corpus in
 * HostileTemplateTest.
 */
class HostileInputTest {
  /**
   * A guard against hangs (an alias bomb expanding, a parser looping), not a speed check: on a
   * loaded 2-core CI machine a 1 MB scalar alone takes seconds. Speed is measured in scripts/bench.
   */
  private static final Duration QUICKLY = Duration.ofSeconds(60);

  static Stream<Arguments> hostileManifests() {
    StringBuilder laughs = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level <= 9; level++) {
      laughs.append("a").append(level).append(": &a").append(level).append(" [");
      laughs.append(String.join(", ", Collections.nCopies(9, "*a" + (level - 1))));
      laughs.append("]\n");
    }
    return Stream.of(
        Arguments.of("a billion laughs", laughs.toString(), "more than 20 aliases"),
        Arguments.of(
            "100-level nesting",
            "parameters:\n  Deep: " + "[".repeat(101) + "]".repeat(101) + "\n",
            "nested deeper than 100 levels"),
        Arguments.of(
            "a 1 MB parameter value",
            "parameters:\n  Big: '" + "x".repeat(1_000_000) + "'\n",
            "parameter 'Big' value is 1000000 bytes; CloudFormation allows at most 4096"),
        Arguments.of(
            "a duplicate parameter",
            "parameters:\n  Env: prod\n  Env: dev\n",
            "duplicate key Env"),
        Arguments.of(
            "a duplicate top-level key", "tags:\n  a: b\ntags:\n  c: d\n", "duplicate key tags"),
        Arguments.of(
            "a null parameter", "parameters:\n  Env: ~\n", "parameter 'Env' has no value"),
        Arguments.of("a null tag", "tags:\n  team: null\n", "tag 'team' has no value"),
        Arguments.of(
            "an empty parameter name",
            "parameters:\n  '': x\n",
            "parameter name '' is not valid"),
        Arguments.of("an empty tag key", "tags:\n  '': x\n", "tag key '' must be 1 to 128"),
        Arguments.of(
            "a path-traversal parameter name",
            "parameters:\n  ../../etc/passwd: x\n",
            "parameter name '../../etc/passwd' is not valid"),
        Arguments.of(
            "a control character in a tag key",
            "tags:\n  \"te\\u0007am\": x\n",
            "tag key 'te?am' holds a control character"),
        Arguments.of(
            "201 parameters",
            "parameters:\n" + manyParameters(201),
            "201 parameters; CloudFormation allows at most 200"),
        Arguments.of(
            "a Java class tag",
            "parameters:\n  X: !!javax.script.ScriptEngineManager []\n",
            "unsupported tag !!javax.script.ScriptEngineManager"),
        Arguments.of("a second document", "tags: {}\n---\ntags: {}\n", "a second document"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileManifests")
  void manifestParse_whenHostile_thenManifestInvalidNamingTheProblem(
      String what, String yaml, String reason) {
    DeploymentException e =
        assertTimeoutPreemptively(
            QUICKLY,
            () ->
                assertThrows(
                    DeploymentException.class, () -> DeploymentManifest.parse(yaml.getBytes(UTF_8))));

    assertEquals(ErrorCode.MANIFEST_INVALID, e.code(), what);
    assertTrue(e.getMessage().contains(reason), what + ": " + e.getMessage());
    assertClean(e.getMessage());
  }

  @Test
  void manifestParse_whenBytesAreNotUtf8_thenManifestInvalidWithOffset() {
    byte[] yaml = {'t', 'a', 'g', 's', ':', ' ', '{', 'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '}'};

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> DeploymentManifest.parse(yaml));

    assertEquals(ErrorCode.MANIFEST_INVALID, e.code());
    assertTrue(e.getMessage().contains("not valid UTF-8 (bad byte at offset 10)"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} stays \"{0}\"")
  @CsvSource({"NO", "no", "No", "on", "On", "OFF", "yes", "Yes", "y", "n", "true", "False"})
  void manifestParse_whenYaml11Boolean_thenParameterAndTagKeepTheTextAsWritten(String word) {
    DeploymentManifest manifest =
        DeploymentManifest.parse(
            ("parameters:\n  Country: " + word + "\n  List: [" + word + ", x]\n"
                    + "tags:\n  flag: " + word + "\n")
                .getBytes(UTF_8));

    assertEquals(word, manifest.parameters().get("Country"));
    assertEquals(word + ",x", manifest.parameters().get("List"));
    assertEquals(word, manifest.tags().get("flag"));
  }

  @Test
  void manifestParse_whenValuesAreAtTheLimits_thenAccepted() {
    String value = "é".repeat(StackInputs.MAX_PARAMETER_VALUE_BYTES / 2);
    DeploymentManifest manifest =
        DeploymentManifest.parse(
            ("parameters:\n" + manyParameters(199) + "  Long: '" + value + "'\n").getBytes(UTF_8));

    assertEquals(200, manifest.parameters().size());
    assertEquals(value, manifest.parameters().get("Long"));
  }

  static Stream<Arguments> hostileJsonTemplates() {
    return Stream.of(
        Arguments.of(
            "a 5,000-digit number",
            "{\"Metadata\": {\"N\": " + "9".repeat(5000) + "}}",
            "a number is longer than 100 digits"),
        Arguments.of(
            "a 100k-character key",
            "{\"Metadata\": {\"" + "k".repeat(100_000) + "\": 1}}",
            "a key is longer than 10000 characters"),
        Arguments.of(
            "1,001-level nesting",
            "{\"Metadata\": " + "[".repeat(1001) + "]".repeat(1001) + "}",
            "nested deeper than 100 levels"),
        Arguments.of(
            "a duplicate key",
            "{\"Resources\": {}, \"Resources\": {}}",
            "duplicate key Resources"),
        Arguments.of(
            "a raw control character in a string",
            "{\"Description\": \"a\u0001b\"}",
            "not valid JSON"),
        Arguments.of(
            "a lone surrogate, then no closing brace",
            "{\"Description\": \"\\uD800\"",
            "not valid JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileJsonTemplates")
  void templateRead_whenHostileJson_thenTemplateExceptionNamingTheLimit(
      String what, String json, String reason) {
    TemplateException e =
        assertTimeoutPreemptively(
            QUICKLY, () -> assertThrows(TemplateException.class, () -> TemplateReader.read(json)));

    assertTrue(e.getMessage().contains(reason), what + ": " + e.getMessage());
    assertClean(e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "nesting, 1001",
    "number, 5000",
    "key, 100000",
  })
  void jsonMapper_whenOverALimit_thenStreamConstraintsExceptionNamedByJsonLimits(
      String what, int size) {
    String json =
        switch (what) {
          case "nesting" -> "[".repeat(size) + "]".repeat(size);
          case "number" -> "{\"n\": " + "1".repeat(size) + "}";
          default -> "{\"" + "k".repeat(size) + "\": 1}";
        };

    StreamConstraintsException e =
        assertThrows(StreamConstraintsException.class, () -> Json.mapper().readTree(json));

    String described = JsonLimits.describe(e);
    assertFalse(described.equals("over a size limit"), what + ": " + e.getOriginalMessage());
    assertClean(described);
  }

  @Test
  void jsonMapper_whenKeyWrittenTwice_thenRefused() {
    JsonProcessingException e =
        assertThrows(
            JsonProcessingException.class,
            () -> Json.mapper().readTree("{\"stackName\": \"a\", \"stackName\": \"b\"}"));

    assertTrue(e.getOriginalMessage().contains("Duplicate field 'stackName'"), e.getMessage());
  }

  @Test
  void jsonMapper_whenWithinLimits_thenReadsDeepAndLongInput() throws Exception {
    String deep = "[".repeat(JsonLimits.MAX_DEPTH) + "]".repeat(JsonLimits.MAX_DEPTH);
    String number = "{\"n\": " + "7".repeat(JsonLimits.MAX_NUMBER_LENGTH) + "}";

    assertTrue(Json.mapper().readTree(deep).isArray());
    assertEquals(
        JsonLimits.MAX_NUMBER_LENGTH, Json.mapper().readTree(number).get("n").asText().length());
  }

  static Stream<Arguments> hostileSubmissions() {
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("Env", null);
    Map<String, String> nullTag = new HashMap<>();
    nullTag.put("team", null);
    Map<String, String> tooManyTags = new LinkedHashMap<>();
    for (int i = 0; i <= StackInputs.MAX_TAGS; i++) {
      tooManyTags.put("t" + i, "v");
    }
    return Stream.of(
        Arguments.of("a null parameter value", nullValue, null, "parameter 'Env' has no value"),
        Arguments.of("a null tag value", null, nullTag, "tag 'team' has no value"),
        Arguments.of(
            "an empty parameter name", Map.of("", "x"), null, "parameter name '' is not valid"),
        Arguments.of("an empty tag key", null, Map.of("", "x"), "tag key '' must be 1 to 128"),
        Arguments.of(
            "a 1 MB parameter value",
            Map.of("Big", "x".repeat(1_000_000)),
            null,
            "parameter 'Big' value is 1000000 bytes"),
        Arguments.of(
            "an aws: tag", null, Map.of("AWS:cloudformation:stack-name", "x"), "must not start"),
        Arguments.of("51 tags", null, tooManyTags, "51 tags; CloudFormation allows at most 50"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileSubmissions")
  void submission_whenParametersOrTagsHostile_thenInvalidRequestNamingTheKey(
      String what, Map<String, String> parameters, Map<String, String> tags, String reason) {
    DeploymentException e =
        assertThrows(DeploymentException.class, () -> submission(parameters, tags));

    assertEquals(ErrorCode.INVALID_REQUEST, e.code(), what);
    assertTrue(e.getMessage().contains(reason), what + ": " + e.getMessage());
  }

  private static DeploymentSubmission submission(
      Map<String, String> parameters, Map<String, String> tags) {
    return new DeploymentSubmission(
        null, "web", "x".getBytes(UTF_8), parameters, tags, DeploymentSource.API, "test",
        null, null, null);
  }

  private static String manyParameters(int count) {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < count; i++) {
      yaml.append("  P").append(i).append(": v\n");
    }
    return yaml.toString();
  }

  /** No library text, class names or stack traces, and short enough to read in a record. */
  private static void assertClean(String message) {
    for (String leak :
        new String[] {"org.yaml", "com.fasterxml", "Exception", "StreamReadConstraints", "\tat "}) {
      assertFalse(message.contains(leak), "leaks " + leak + ": " + message);
    }
    assertTrue(message.length() < 1000, "message too long: " + message.length());
  }
}
