package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.drop.DropHandler;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.drop.DropIntake;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A corpus of nasty requests to the API function (API Gateway HTTP API payload 2.0 events) and
 * the drop function (S3 event notifications), over the real history adapter on DynamoDB Local:
 * each ends in a 4xx with fogbank's error code, or for a drop in a FAILED record with its reason;
 * never a 5xx, never an exception out of the handler, never a started execution.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class HostileInputTest {
  private static final String TEMPLATE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
  private static final String MB = "x".repeat(1_000_000);

  private HostileFixture fixture;
  private ApiHandler api;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    fixture = new HostileFixture(dynamoDb, table);
    api = fixture.api();
  }

  static String billionLaughs() {
    StringBuilder laughs = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level <= 9; level++) {
      laughs.append("a").append(level).append(": &a").append(level).append(" [");
      laughs.append(String.join(", ", Collections.nCopies(9, "*a" + (level - 1))));
      laughs.append("]\n");
    }
    return laughs.toString();
  }

  static Stream<Arguments> hostileBodies() {
    return Stream.of(
        Arguments.of(
            "1,001-level nesting",
            "{\"stackName\":\"web\",\"templateBody\":\"x\",\"tags\":"
                + "[".repeat(1001)
                + "]".repeat(1001)
                + "}",
            400,
            "INVALID_REQUEST",
            "nested deeper than 100 levels"),
        Arguments.of(
            "101-level nesting, just over fogbank's limit (Jackson's own is 1,000)",
            "{\"stackName\":\"web\",\"templateBody\":\"x\",\"tags\":"
                + "[".repeat(100)
                + "]".repeat(100)
                + "}",
            400,
            "INVALID_REQUEST",
            "nested deeper than 100 levels"),
        Arguments.of(
            "a 101-digit number (Jackson's own limit is 1,000)",
            "{\"stackName\":\"web\",\"templateBody\":" + "9".repeat(101) + "}",
            400,
            "INVALID_REQUEST",
            "a number is longer than 100 digits"),
        Arguments.of(
            "a 10,001-character key (Jackson's own limit is 50,000)",
            "{\"stackName\":\"web\",\"templateBody\":\"x\",\"parameters\":{\""
                + "k".repeat(10_001)
                + "\":\"v\"}}",
            400,
            "INVALID_REQUEST",
            "a key is longer than 10000 characters"),
        Arguments.of(
            "99-level nesting in a parameter",
            "{\"stackName\":\"web\",\"templateBody\":\"x\",\"parameters\":{\"a\":"
                + "{\"b\":".repeat(97)
                + "1"
                + "}".repeat(97)
                + "}}",
            400,
            "INVALID_REQUEST",
            "field 'parameters' has the wrong type"),
        Arguments.of(
            "a 5,000-digit number",
            "{\"stackName\":\"web\",\"templateBody\":" + "9".repeat(5000) + "}",
            400,
            "INVALID_REQUEST",
            "a number is longer than 100 digits"),
        Arguments.of(
            "a 100k-character key",
            "{\"stackName\":\"web\",\"templateBody\":\"x\",\"parameters\":{\""
                + "k".repeat(100_000)
                + "\":\"v\"}}",
            400,
            "INVALID_REQUEST",
            "a key is longer than 10000 characters"),
        Arguments.of(
            "a 1 MB stack name",
            "{\"stackName\":\"" + MB + "\",\"templateBody\":\"x\"}",
            400,
            "INVALID_STACK_NAME",
            "invalid stack name"),
        Arguments.of(
            "a 1 MB parameter value",
            "{\"stackName\":\"web\",\"templateBody\":\"x\",\"parameters\":{\"Big\":\"" + MB + "\"}}",
            400,
            "INVALID_REQUEST",
            "parameter 'Big' value is 1000000 bytes"),
        Arguments.of(
            "a 1 MB tag value",
            "{\"stackName\":\"web\",\"templateBody\":\"x\",\"tags\":{\"team\":\"" + MB + "\"}}",
            400,
            "INVALID_REQUEST",
            "tag 'team' value is 1000000 characters"),
        Arguments.of(
            "a null parameter value",
            "{\"stackName\":\"web\",\"templateBody\":\"x\",\"parameters\":{\"Env\":null}}",
            400,
            "INVALID_REQUEST",
            "parameter 'Env' has no value"),
        Arguments.of(
            "a null tag value",
            "{\"stackName\":\"web\",\"templateBody\":\"x\",\"tags\":{\"team\":null}}",
            400,
            "INVALID_REQUEST",
            "tag 'team' has no value"),
        Arguments.of(
            "an empty parameter name",
            "{\"stackName\":\"web\",\"templateBody\":\"x\",\"parameters\":{\"\":\"v\"}}",
            400,
            "INVALID_REQUEST",
            "parameter name '' is not valid"),
        Arguments.of(
            "an empty tag key",
            "{\"stackName\":\"web\",\"templateBody\":\"x\",\"tags\":{\"\":\"v\"}}",
            400,
            "INVALID_REQUEST",
            "tag key '' must be 1 to 128 characters"),
        Arguments.of(
            "a duplicate parameter",
            "{\"stackName\":\"web\",\"templateBody\":\"x\",\"parameters\":{\"A\":\"1\",\"A\":\"2\"}}",
            400,
            "INVALID_REQUEST",
            "request body is not valid JSON"),
        Arguments.of(
            "a templateBody over CloudFormation's inline 51,200 bytes",
            "{\"stackName\":\"web\",\"templateBody\":\"" + "x".repeat(51_201) + "\"}",
            413,
            "TEMPLATE_TOO_LARGE",
            "templateBody is 51201 bytes, over the 51200 bytes"),
        Arguments.of(
            "a NUL in the stack name",
            "{\"stackName\":\"web\\u0000\",\"templateBody\":\"x\"}",
            400,
            "INVALID_STACK_NAME",
            "invalid stack name 'web?'"),
        Arguments.of(
            "a path traversal as stack name",
            "{\"stackName\":\"../../etc/passwd\",\"templateBody\":\"x\"}",
            400,
            "INVALID_STACK_NAME",
            "invalid stack name '../../etc/passwd'"),
        Arguments.of(
            "a right-to-left override in the stack name",
            "{\"stackName\":\"web\\u202Egpj\",\"templateBody\":\"x\"}",
            400,
            "INVALID_STACK_NAME",
            "invalid stack name"),
        Arguments.of(
            "a zero-width space in the stack name",
            "{\"stackName\":\"we\\u200Bb\",\"templateBody\":\"x\"}",
            400,
            "INVALID_STACK_NAME",
            "invalid stack name"),
        Arguments.of(
            "a lone surrogate in the stack name",
            "{\"stackName\":\"web\\uD800\",\"templateBody\":\"x\"}",
            400,
            "INVALID_STACK_NAME",
            "invalid stack name"),
        Arguments.of(
            "a newline in the stack name",
            "{\"stackName\":\"web\\nprod\",\"templateBody\":\"x\"}",
            400,
            "INVALID_STACK_NAME",
            "invalid stack name 'web?prod'"),
        Arguments.of(
            "options as a string",
            "{\"stackName\":\"web\",\"templateBody\":\"x\",\"options\":\"admin\"}",
            400,
            "INVALID_REQUEST",
            "field 'options' has the wrong type"),
        Arguments.of("JSON null", "null", 400, "INVALID_REQUEST", "request body must be"),
        Arguments.of("a bare string", "\"web\"", 400, "INVALID_REQUEST", "request body must be"),
        Arguments.of("a BOM only", "\uFEFF", 400, "INVALID_REQUEST", "request body is not valid"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileBodies")
  void postDeployments_whenBodyHostile_then4xxWithCodeAndNothingStarted(
      String what, String body, int status, String code, String message) {
    APIGatewayV2HTTPResponse response =
        api.handleRequest(HostileFixture.post("/deployments", body), null);

    assertError(what, response, status, code, message);
    assertTrue(fixture.executions.started.isEmpty(), what + ": nothing started");
  }

  @Test
  void postDeployments_whenBase64BodyIsNotBase64_then400() {
    APIGatewayV2HTTPResponse response =
        api.handleRequest(HostileFixture.postBase64("/deployments", "%%% not base64 %%%"), null);

    assertError("bad base64", response, 400, "INVALID_REQUEST", "request body is marked base64");
  }

  @Test
  void postDeployments_whenBase64BodyIsNotUtf8_then400NotAReplacedTemplate() {
    byte[] body =
        "{\"stackName\":\"web\",\"templateBody\":\"Resources: x\"}".getBytes(StandardCharsets.UTF_8);
    body[body.length - 3] = (byte) 0xC3; // a lead byte followed by '"': not UTF-8
    APIGatewayV2HTTPResponse response =
        api.handleRequest(
            HostileFixture.postBase64("/deployments", HostileFixture.base64(body)), null);

    assertError(
        "invalid UTF-8", response, 400, "INVALID_REQUEST", "request body is not valid UTF-8");
    assertTrue(fixture.executions.started.isEmpty());
  }

  static Stream<Arguments> hostileReads() {
    return Stream.of(
        Arguments.of("GET", "/deployments/" + "d".repeat(100_000), Map.of()),
        Arguments.of("GET", "/deployments/d-1\u0000", Map.of()),
        Arguments.of("GET", "/deployments/..%2F..%2Fetc%2Fpasswd", Map.of()),
        Arguments.of("GET", "/deployments/\u202Ed-1", Map.of()),
        Arguments.of("GET", "/stacks/" + "w".repeat(100_000) + "/deployments", Map.of()),
        Arguments.of("GET", "/stacks/../deployments", Map.of()),
        Arguments.of("GET", "/stacks/w\u0007b/lock", Map.of()),
        Arguments.of("GET", "/stacks/web/deployments", Map.of("limit", "99999999999999999999")),
        Arguments.of("GET", "/stacks/web/deployments", Map.of("limit", "-1")),
        Arguments.of("GET", "/stacks/web/deployments", Map.of("limit", "1e3")),
        Arguments.of("GET", "/stacks/web/deployments", Map.of("limit", "\u0000")),
        Arguments.of("GET", "/stacks/web/deployments", Map.of("nextToken", "garbage")),
        Arguments.of("GET", "/stacks/web/deployments", Map.of("nextToken", MB)),
        Arguments.of("GET", "/stacks/web/deployments", Map.of("nextToken", "eyJhIjoxfQ==")),
        Arguments.of("GET", "/stacks/web/deployments", Map.of("nextToken", "\uD800\n\u0000")),
        Arguments.of("BREW", "/deployments", Map.of()),
        Arguments.of("GET", "/" + "a/".repeat(10_000), Map.of()),
        Arguments.of("GET", "/health\u0000", Map.of()),
        Arguments.of("DELETE", "/stacks/web/lock", Map.of()),
        Arguments.of("DELETE", "/stacks/web/lock", Map.of("force", "\u0000" + MB)),
        Arguments.of("POST", "/stacks/w\u0007b/lock", Map.of()));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("hostileReads")
  void hostileRead_thenAnsweredBelow500WithJson(
      String method, String path, Map<String, String> query) {
    APIGatewayV2HTTPResponse response =
        api.handleRequest(HostileFixture.request(method, path, query), null);

    assertTrue(
        response.getStatusCode() < 500,
        method + " " + shorten(path) + " " + query.keySet() + ": " + shorten(response.getBody()));
    JsonNode body = json(response);
    if (response.getStatusCode() >= 400) {
      assertFalse(body.path("error").path("code").asText().isEmpty(), response.getBody());
      assertTrue(response.getBody().length() < 2000, "an error echoes a bounded text");
    }
  }

  @Test
  void postEstimates_whenTemplateIsAYamlBomb_then400TemplateInvalidBeforePricing() {
    String body =
        Json.mapper().createObjectNode().put("templateBody", billionLaughs()).toString();

    APIGatewayV2HTTPResponse response =
        api.handleRequest(HostileFixture.post("/estimates", body), null);

    assertError("YAML bomb", response, 400, "TEMPLATE_INVALID", "more than 20 aliases");
  }

  // ---- drop ------------------------------------------------------------------------------

  static Stream<Arguments> hostileDropKeys() {
    return Stream.of(
        Arguments.of("path traversal to the root", "stacks/../template.yaml", "INVALID_STACK_NAME"),
        Arguments.of("path traversal deeper", "stacks/web/../../template.yaml", "INVALID_REQUEST"),
        Arguments.of("an encoded traversal", "stacks/%2E%2E/template.yaml", "INVALID_STACK_NAME"),
        Arguments.of("an encoded slash", "stacks/a%2F..%2Fb/template.yaml", "INVALID_REQUEST"),
        Arguments.of("a bad %-escape", "stacks/we%zzb/template.yaml", "INVALID_STACK_NAME"),
        Arguments.of("a bell character", "stacks/we%07b/template.yaml", "INVALID_STACK_NAME"),
        Arguments.of("a newline", "stacks/web%0Aprod/template.yaml", "INVALID_STACK_NAME"),
        Arguments.of("a NUL", "stacks/web%00/template.yaml", "INVALID_STACK_NAME"),
        Arguments.of("unicode letters", "stacks/w%C3%A9b/template.yaml", "INVALID_STACK_NAME"),
        Arguments.of("invalid UTF-8", "stacks/w%C3%28b/template.yaml", "INVALID_STACK_NAME"),
        Arguments.of(
            "a right-to-left override", "stacks/%E2%80%AEweb/template.yaml", "INVALID_STACK_NAME"),
        Arguments.of("an empty stack name", "stacks//template.yaml", "INVALID_STACK_NAME"),
        Arguments.of(
            "a 100k key", "stacks/" + "w".repeat(100_000) + "/template.yaml", "INVALID_STACK_NAME"),
        Arguments.of("an unexpected file", "stacks/web/template.exe", "INVALID_REQUEST"),
        Arguments.of("a 1 MB key in no layout", "k".repeat(1_000_000), "INVALID_REQUEST"),
        Arguments.of("no key at all", "", "INVALID_REQUEST"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileDropKeys")
  void drop_whenKeyHostile_thenFailedRecordWithCodeAndNothingStarted(
      String what, String encodedKey, String code) {
    fixture.drops.put(HostileFixture.decoded(encodedKey), TEMPLATE);

    List<String> results = drop(HostileFixture.s3Put(encodedKey));

    assertEquals(1, results.size(), what + ": " + results);
    DeploymentRecord record = fixture.history.get(results.getFirst()).orElseThrow();
    assertEquals(DeploymentStatus.FAILED, record.status(), what);
    assertEquals(code, record.error().code(), what + ": " + shorten(record.error().message()));
    assertTrue(record.error().message().length() < 2000, what + ": a bounded reason");
    assertTrue(record.stack().name().matches("[\\x21-\\x7e]{1,128}"), record.stack().name());
    assertTrue(fixture.executions.started.isEmpty(), what);
  }

  static Stream<Arguments> hostileManifests() {
    return Stream.of(
        Arguments.of("a YAML bomb", billionLaughs(), "more than 20 aliases"),
        Arguments.of(
            "101-level nesting",
            "parameters:\n  A: " + "[".repeat(101) + "]".repeat(101) + "\n",
            "nested deeper than 100 levels"),
        Arguments.of("a 1 MB value", "tags:\n  team: " + MB + "\n", "tag 'team' value is"),
        Arguments.of("a null parameter", "parameters:\n  Env:\n", "parameter 'Env' has no value"),
        Arguments.of("an empty tag key", "tags:\n  '': x\n", "tag key '' must be 1 to 128"),
        Arguments.of("duplicate keys", "parameters: {A: 1, A: 2}\n", "duplicate key A"),
        Arguments.of("invalid UTF-8", "tags:\n  team: \u00C3(\n", "not valid UTF-8"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileManifests")
  void drop_whenManifestHostile_thenFailedManifestInvalidRecord(
      String what, String manifest, String reason) {
    fixture.drops.put("stacks/web/template.yaml", TEMPLATE);
    // ISO-8859-1 writes U+00C3 as the single byte C3: with '(' after it, a broken UTF-8 sequence.
    fixture.drops.put(
        "stacks/web/deployment.yaml",
        manifest.getBytes(
            what.equals("invalid UTF-8") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));

    List<String> results = drop(HostileFixture.s3Put("stacks/web/deployment.yaml"));

    DeploymentRecord record = fixture.history.get(results.getFirst()).orElseThrow();
    assertEquals(DeploymentStatus.FAILED, record.status(), what);
    assertEquals("MANIFEST_INVALID", record.error().code(), what);
    assertTrue(
        record.error().message().contains(reason),
        what + ": " + shorten(record.error().message()));
    assertTrue(fixture.executions.started.isEmpty(), what);
  }

  @Test
  void drop_whenManifestHoldsYaml11Booleans_thenParametersKeepTheTextAsWritten() {
    fixture.drops.put("stacks/web/template.yaml", TEMPLATE);
    fixture.drops.put(
        "stacks/web/deployment.yaml",
        "parameters:\n  Country: NO\n  Enabled: on\n  Legacy: yes\ntags:\n  flag: Off\n");

    List<String> results = drop(HostileFixture.s3Put("stacks/web/template.yaml"));

    DeploymentRecord record = fixture.history.get(results.getFirst()).orElseThrow();
    assertEquals(DeploymentStatus.QUEUED, record.status());
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("Country", "NO");
    expected.put("Enabled", "on");
    expected.put("Legacy", "yes");
    assertEquals(expected, record.parameters());
    assertEquals(Map.of("flag", "Off"), record.tags());
    assertEquals(1, fixture.executions.started.size());
  }

  @Test
  void drop_whenEventIsNotJson_thenIgnoredWithoutAnException() {
    List<String> results = drop("{\"Records\": [".getBytes(StandardCharsets.UTF_8));

    assertEquals(List.of("ignored: not an S3 event notification"), results);
  }

  // ---- helpers ---------------------------------------------------------------------------

  private List<String> drop(byte[] event) {
    return drop(fixture, event);
  }

  /** Invokes the drop function as Lambda does (a stream in, a stream out); its JSON answer. */
  static List<String> drop(HostileFixture fixture, byte[] event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new DropHandler(new DropIntake(fixture.intake, fixture.drops, Duration.ZERO))
        .handleRequest(new ByteArrayInputStream(event), out, null);
    try {
      return List.of(Json.mapper().readValue(out.toByteArray(), String[].class));
    } catch (IOException e) {
      throw new AssertionError("the drop function answered no JSON list: " + out, e);
    }
  }

  private static void assertError(
      String what, APIGatewayV2HTTPResponse response, int status, String code, String message) {
    assertEquals(status, response.getStatusCode(), what + ": " + shorten(response.getBody()));
    JsonNode error = json(response).path("error");
    assertEquals(code, error.path("code").asText(), what);
    assertTrue(
        error.path("message").asText().contains(message),
        what + ": " + shorten(error.path("message").asText()));
    assertTrue(response.getBody().length() < 2000, what + ": an error echoes a bounded text");
  }

  static JsonNode json(APIGatewayV2HTTPResponse response) {
    try {
      return Json.mapper().readTree(response.getBody());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + shorten(response.getBody()), e);
    }
  }

  static String shorten(String s) {
    return s == null || s.length() < 300 ? s : s.substring(0, 300) + "...";
  }
}
