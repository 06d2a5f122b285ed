package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.execution.ExecutionStarter;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.stack.ChangeSetRequest;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The API function as API Gateway invokes it: HTTP API payload 2.0 events from fixtures, through
 * the real history and lock adapters on DynamoDB Local and the file template store.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class ApiHandlerTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final String PIPELINE_ARN =
      "arn:aws:sts::111122223333:assumed-role/deploy-pipeline/pipeline";
  private static final String TEMPLATE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";

  private final RecordingExecutionStarter executions = new RecordingExecutionStarter();
  private DynamoDbDeploymentHistory history;
  private DynamoDbLockStore locks;
  private ApiHandler handler;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    locks = DynamoDbLockStore.create(dynamoDb, table);
    // One second per reading: deployments submitted in a row get distinct, ordered times.
    Clock clock = new SteppingClock(Instant.parse("2026-11-21T22:05:01Z"), Duration.ofSeconds(1));
    DeploymentIntake intake =
        new DeploymentIntake(
            history,
            new MemoryTemplateStore(),
            executions,
            clock,
            ACCOUNT,
            REGION,
            null,
            DeploymentOptions.defaults());
    handler = new ApiHandler(new ApiRoutes(intake, history, locks, ACCOUNT, REGION));
  }

  @Test
  void health_whenGet_thenOkJson() {
    APIGatewayV2HTTPResponse response = invoke(HttpApiEvents.event("http-api-v2-get-health.json"));

    assertEquals(200, response.getStatusCode());
    assertEquals("application/json", response.getHeaders().get("content-type"));
    assertEquals("ok", json(response).path("status").asText());
  }

  @Test
  void health_whenPathCarriesNamedStage_thenStageIsStripped() {
    APIGatewayV2HTTPResponse response =
        invoke(HttpApiEvents.event("http-api-v2-get-health-prod-stage.json"));

    assertEquals(200, response.getStatusCode(), response.getBody());
    assertEquals("ok", json(response).path("status").asText());
  }

  @Test
  void postDeployments_whenValid_then202QueuedRecordAndExecutionWithDeploymentInput()
      throws Exception {
    APIGatewayV2HTTPResponse response =
        invoke(HttpApiEvents.event("http-api-v2-post-deployments.json"));

    assertEquals(202, response.getStatusCode(), response.getBody());
    JsonNode body = json(response);
    String id = body.path("deploymentId").asText();
    assertTrue(id.matches("d-20261121T\\d{6}-[0-9a-f]{12}"), id);
    assertEquals("web", body.path("stackName").asText());
    assertEquals("QUEUED", body.path("status").asText());

    DeploymentRecord record = history.get(id).orElseThrow();
    assertEquals(DeploymentStatus.QUEUED, record.status());
    assertEquals(StackRef.of(ACCOUNT, REGION, "web"), record.stack());
    assertEquals(PIPELINE_ARN, record.requester(), "the IAM caller from the authorizer");
    assertEquals(sha256(TEMPLATE), record.templateSha256());
    assertEquals(Map.of("Team", "payments"), record.parameters());
    assertEquals(Map.of("owner", "alice"), record.tags());

    assertEquals(1, executions.started.size());
    RecordingExecutionStarter.Start start = executions.started.getFirst();
    assertEquals(id, start.name(), "the execution is named after the deployment");
    JsonNode input = Json.mapper().readTree(start.inputJson());
    assertEquals(id, input.path("deploymentId").asText());
    assertEquals("web", input.path("stackName").asText());
    assertEquals(ACCOUNT, input.path("account").asText());
    assertEquals(REGION, input.path("region").asText());
    assertEquals(record.templateLocation(), input.path("templateLocation").asText());
    assertEquals(sha256(TEMPLATE), input.path("templateSha256").asText());
    assertEquals("payments", input.path("parameters").path("Team").asText());
    assertEquals("alice", input.path("tags").path("owner").asText());
    assertEquals("api", input.path("source").asText());
    assertEquals(PIPELINE_ARN, input.path("requester").asText());
    assertEquals(600, input.path("options").path("lockWaitSeconds").asInt());
  }

  @Test
  void postDeployments_whenBodyIsBase64Encoded_thenDecodedAndAccepted() {
    APIGatewayV2HTTPEvent event = HttpApiEvents.event("http-api-v2-post-deployments-base64.json");
    assertTrue(event.getIsBase64Encoded(), "the fixture is base64-encoded");
    assertFalse(event.getBody().contains("stackName"), "the body is not plain JSON");
    assertTrue(
        new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8)
            .contains("\"stackName\":\"web\""));

    APIGatewayV2HTTPResponse response = invoke(event);

    assertEquals(202, response.getStatusCode(), response.getBody());
    DeploymentRecord record = history.get(json(response).path("deploymentId").asText()).get();
    assertEquals(sha256(TEMPLATE), record.templateSha256());
  }

  @Test
  void getDeployment_whenKnown_thenRecordWithIsoTimestamps() {
    String id = submit("web");

    APIGatewayV2HTTPResponse response = invoke(get("/deployments/" + id));

    assertEquals(200, response.getStatusCode(), response.getBody());
    JsonNode body = json(response);
    assertEquals(id, body.path("deploymentId").asText());
    assertEquals("web", body.path("stackName").asText());
    assertEquals("QUEUED", body.path("status").asText());
    assertEquals("api", body.path("source").asText());
    assertEquals(PIPELINE_ARN, body.path("requester").asText());
    assertEquals(sha256(TEMPLATE), body.path("templateSha256").asText());
    assertEquals("payments", body.path("parameters").path("Team").asText());
    assertTrue(
        body.path("requestedAt").asText().matches("2026-11-21T22:05:\\d\\dZ"),
        body.path("requestedAt").asText());
    assertTrue(body.path("endedAt").isMissingNode(), "not ended, not shown");
  }

  @Test
  void getDeployment_whenUnknown_then404NotFound() {
    APIGatewayV2HTTPResponse response = invoke(get("/deployments/d-nope"));

    assertError(response, 404, "NOT_FOUND", "no deployment with id 'd-nope'");
  }

  @Test
  void listDeployments_whenLimitOne_thenPagesNewestFirstUntilNoToken() {
    String first = submit("web");
    String second = submit("web");
    String third = submit("web");
    submit("other");

    ObjectNode pageOne =
        HttpApiEvents.load("http-api-v2-get-stack-deployments.json"); // ?limit=1
    JsonNode one = json(invoke(HttpApiEvents.bind(pageOne)));
    assertEquals(List.of(third), ids(one));
    String token = one.path("nextToken").asText();
    assertFalse(token.isEmpty(), "a token while more remain");

    JsonNode two = json(invoke(list("web", Map.of("limit", "1", "nextToken", token))));
    assertEquals(List.of(second), ids(two));

    JsonNode three =
        json(
            invoke(list("web", Map.of("limit", "1", "nextToken", two.path("nextToken").asText()))));
    assertEquals(List.of(first), ids(three));
    assertTrue(three.path("nextToken").isMissingNode(), "the last page has no token");

    JsonNode all = json(invoke(list("web", Map.of())));
    assertEquals(List.of(third, second, first), ids(all));
  }

  @ParameterizedTest
  @CsvSource({"0", "101", "ten"})
  void listDeployments_whenLimitOutOfRange_then400InvalidRequest(String limit) {
    APIGatewayV2HTTPResponse response = invoke(list("web", Map.of("limit", limit)));

    assertError(response, 400, "INVALID_REQUEST", "limit must be a whole number from 1 to 100");
  }

  @Test
  void listDeployments_whenTokenForged_then400InvalidNextToken() {
    APIGatewayV2HTTPResponse response =
        invoke(list("web", Map.of("nextToken", "bm90IGEgdG9rZW4")));

    assertError(
        response,
        400,
        "INVALID_NEXT_TOKEN",
        "nextToken is not one this API issued: pass the previous page's unchanged");
  }

  @Test
  void listDeployments_whenTokenOfAnotherStack_then400InvalidNextToken() {
    submit("web");
    submit("web");
    String token =
        json(invoke(list("web", Map.of("limit", "1")))).path("nextToken").asText();

    APIGatewayV2HTTPResponse response =
        invoke(list("other", Map.of("limit", "1", "nextToken", token)));

    assertError(
        response,
        400,
        "INVALID_NEXT_TOKEN",
        "nextToken was altered or belongs to another listing: pass the previous page's"
            + " unchanged, with the same path and filters");
  }

  @Test
  void lock_whenFreeThenHeld_thenLockedFalseThenHolder() {
    JsonNode free = json(invoke(get("/stacks/web/lock")));
    assertFalse(free.path("locked").asBoolean(true));
    assertTrue(free.path("deploymentId").isMissingNode());

    locks.acquire(
        StackRef.of(ACCOUNT, REGION, "web"), "deployment/d-1", "d-1", Duration.ofMinutes(10));
    JsonNode held = json(invoke(get("/stacks/web/lock")));

    assertTrue(held.path("locked").asBoolean());
    assertEquals("d-1", held.path("deploymentId").asText());
    assertEquals("deployment/d-1", held.path("owner").asText());
    Instant acquired = Instant.parse(held.path("acquiredAt").asText());
    Instant expires = Instant.parse(held.path("expiresAt").asText());
    assertEquals(Duration.ofMinutes(10), Duration.between(acquired, expires));
  }

  @Test
  void unknownRoute_then404WithRouteInMessage() {
    APIGatewayV2HTTPResponse response = invoke(get("/stackz"));

    assertError(response, 404, "NOT_FOUND", "no route for GET /stackz");
  }

  @ParameterizedTest
  @CsvSource({
    "DELETE, /deployments",
    "PATCH, /deployments",
    "POST, /health",
    "PUT, /deployments/d-1",
    "PUT, /stacks/web/lock",
    "DELETE, /stacks/web/deployments"
  })
  void knownPath_whenOtherMethod_then405(String method, String path) {
    APIGatewayV2HTTPResponse response =
        invoke(
            HttpApiEvents.bind(
                HttpApiEvents.request("http-api-v2-get-health.json", method, path)));

    assertError(response, 405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + path);
    assertTrue(executions.started.isEmpty());
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of(
            "malformed JSON",
            "{\"stackName\": \"web\",",
            "INVALID_REQUEST",
            "request body is not valid JSON (line 1, column"),
        Arguments.of(
            "not an object",
            "[\"web\"]",
            "INVALID_REQUEST",
            "request body must be a JSON object"),
        Arguments.of(
            "unknown field",
            "{\"stack\": \"web\"}",
            "INVALID_REQUEST",
            "unknown field 'stack': allowed are stackName, templateBody, templateUrl, parameters, tags, options"),
        Arguments.of(
            "number as stackName",
            "{\"stackName\": 5, \"templateBody\": \"x\"}",
            "INVALID_REQUEST",
            "field 'stackName' has the wrong type: expected a string"),
        Arguments.of(
            "nested parameter",
            "{\"stackName\": \"web\", \"templateBody\": \"x\", \"parameters\": {\"a\": {}}}",
            "INVALID_REQUEST",
            "field 'parameters' has the wrong type: expected an object of string values"),
        Arguments.of(
            "number as tag value",
            "{\"stackName\": \"web\", \"templateBody\": \"x\", \"tags\": {\"a\": 1}}",
            "INVALID_REQUEST",
            "field 'tags' has the wrong type: expected an object of string values"),
        Arguments.of(
            "missing stackName",
            "{\"templateBody\": \"x\"}",
            "INVALID_REQUEST",
            "stackName is required"),
        Arguments.of(
            "missing templateBody",
            "{\"stackName\": \"web\"}",
            "INVALID_REQUEST",
            "templateBody is required and must be a non-empty string"),
        Arguments.of(
            "invalid stack name",
            "{\"stackName\": \"1web\", \"templateBody\": \"x\"}",
            "INVALID_STACK_NAME",
            "invalid stack name '1web'"),
        Arguments.of(
            "duplicate field",
            "{\"stackName\": \"web\", \"stackName\": \"api\", \"templateBody\": \"x\"}",
            "INVALID_REQUEST",
            "request body is not valid JSON"),
        Arguments.of(
            "trailing garbage",
            "{\"stackName\": \"web\", \"templateBody\": \"x\"} x",
            "INVALID_REQUEST",
            "request body is not valid JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void postDeployments_whenBodyIsBad_then400WithCodeAndMessageAndNothingStarted(
      String why, String body, String code, String messageStart) {
    APIGatewayV2HTTPResponse response = invoke(post(body));

    assertEquals(400, response.getStatusCode(), why + ": " + response.getBody());
    JsonNode error = json(response).path("error");
    assertEquals(code, error.path("code").asText(), why);
    assertTrue(
        error.path("message").asText().startsWith(messageStart),
        why + ": " + error.path("message").asText());
    assertTrue(executions.started.isEmpty(), "nothing started for a bad request");
  }

  @Test
  void postDeployments_whenBodyHoldsASecondJsonValue_then400InvalidRequest() {
    APIGatewayV2HTTPResponse response =
        invoke(post("{\"stackName\": \"web\", \"templateBody\": \"x\"} {}"));

    assertEquals(400, response.getStatusCode(), response.getBody());
    assertEquals("INVALID_REQUEST", json(response).path("error").path("code").asText());
    assertEquals(
        "request body must be exactly one JSON object",
        json(response).path("error").path("message").asText());
    assertTrue(executions.started.isEmpty());
  }

  @Test
  void postDeployments_whenBodyMissing_then400() {
    APIGatewayV2HTTPResponse response = invoke(post(null));

    assertError(
        response,
        400,
        "INVALID_REQUEST",
        "request body is missing: expected JSON with stackName and templateBody");
  }

  @Test
  void postDeployments_whenBodyOverLimit_then413TemplateTooLarge() {
    String big = "#".repeat(ApiRoutes.MAX_BODY_BYTES);
    String body = "{\"stackName\":\"web\",\"templateBody\":\"" + big + "\"}";

    APIGatewayV2HTTPResponse response = invoke(post(body));

    assertEquals(413, response.getStatusCode());
    assertEquals("TEMPLATE_TOO_LARGE", json(response).path("error").path("code").asText());
    assertTrue(executions.started.isEmpty());
  }

  @Test
  void postDeployments_whenTemplateBodyOverInlineLimit_then413NamingTemplateUrl() {
    // A comment line pads a valid template to one byte over CloudFormation's inline limit.
    String padded = pad(TEMPLATE, ChangeSetRequest.MAX_INLINE_TEMPLATE_BYTES + 1);
    String body =
        "{\"stackName\":\"web\",\"templateBody\":" + Json.mapper().valueToTree(padded) + "}";

    APIGatewayV2HTTPResponse response = invoke(post(body));

    assertEquals(413, response.getStatusCode(), response.getBody());
    JsonNode error = json(response).path("error");
    assertEquals("TEMPLATE_TOO_LARGE", error.path("code").asText());
    assertTrue(error.path("message").asText().contains("templateUrl"), error::toString);
    assertTrue(error.path("message").asText().contains("51200"), error::toString);
    assertTrue(executions.started.isEmpty());
  }

  @Test
  void postDeployments_whenTemplateBodyExactlyAtInlineLimit_then202() {
    String padded = pad(TEMPLATE, ChangeSetRequest.MAX_INLINE_TEMPLATE_BYTES);
    String body =
        "{\"stackName\":\"web\",\"templateBody\":" + Json.mapper().valueToTree(padded) + "}";

    APIGatewayV2HTTPResponse response = invoke(post(body));

    assertEquals(202, response.getStatusCode(), response.getBody());
    assertEquals(1, executions.started.size());
  }

  /** {@code template} and a YAML comment, {@code bytes} UTF-8 bytes in all. */
  private static String pad(String template, int bytes) {
    String head = template + "#";
    return head + "x".repeat(bytes - head.getBytes(StandardCharsets.UTF_8).length - 1) + "\n";
  }

  // --- helpers ----------------------------------------------------------------------------

  private APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event) {
    return handler.handleRequest(event, null);
  }

  private String submit(String stackName) {
    String body =
        "{\"stackName\":\""
            + stackName
            + "\",\"templateBody\":"
            + Json.mapper().valueToTree(TEMPLATE)
            + ",\"parameters\":{\"Team\":\"payments\"}}";
    APIGatewayV2HTTPResponse response = invoke(post(body));
    assertEquals(202, response.getStatusCode(), response.getBody());
    return json(response).path("deploymentId").asText();
  }

  private static APIGatewayV2HTTPEvent post(String body) {
    return HttpApiEvents.bind(
        HttpApiEvents.withBody(HttpApiEvents.load("http-api-v2-post-deployments.json"), body));
  }

  private static APIGatewayV2HTTPEvent get(String path) {
    return HttpApiEvents.bind(
        HttpApiEvents.request("http-api-v2-get-stack-deployments.json", "GET", path));
  }

  private static APIGatewayV2HTTPEvent list(String stack, Map<String, String> query) {
    ObjectNode event =
        HttpApiEvents.request(
            "http-api-v2-get-stack-deployments.json", "GET", "/stacks/" + stack + "/deployments");
    event.remove("queryStringParameters");
    event.put("rawQueryString", "");
    return HttpApiEvents.bind(query.isEmpty() ? event : HttpApiEvents.withQuery(event, query));
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("items").forEach(item -> ids.add(item.path("deploymentId").asText()));
    return ids;
  }

  private static void assertError(
      APIGatewayV2HTTPResponse response, int status, String code, String message) {
    assertEquals(status, response.getStatusCode(), response.getBody());
    JsonNode error = json(response).path("error");
    assertEquals(code, error.path("code").asText(), response.getBody());
    assertEquals(message, error.path("message").asText());
  }

  private static JsonNode json(APIGatewayV2HTTPResponse response) {
    assertNotNull(response.getBody());
    try {
      return Json.mapper().readTree(response.getBody());
    } catch (IOException e) {
      throw new AssertionError("response body is not JSON: " + response.getBody(), e);
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Stands in for Step Functions StartExecution (the SfnExecutionStarter adapter has its own IT on
   * the emulator): records each start and, like Step Functions, starts a name only once.
   */
  static final class RecordingExecutionStarter implements ExecutionStarter {
    record Start(String name, String inputJson) {}

    final List<Start> started = new ArrayList<>();

    @Override
    public synchronized StartedExecution start(String executionName, String inputJson) {
      boolean again = started.stream().anyMatch(s -> s.name().equals(executionName));
      if (!again) {
        started.add(new Start(executionName, inputJson));
      }
      return new StartedExecution("local:" + executionName, again);
    }
  }

  /** A clock that moves on by a fixed step each time it is read. */
  static final class SteppingClock extends Clock {
    private Instant next;
    private final Duration step;

    SteppingClock(Instant start, Duration step) {
      this.next = start;
      this.step = step;
    }

    @Override
    public synchronized Instant instant() {
      Instant now = next;
      next = next.plus(step);
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  /**
   * The routes only hand templates to the store; where they end up is the store adapters' concern
   * (S3TemplateStore's and local mode's own tests), so this unit test keeps them in memory.
   */
  static final class MemoryTemplateStore implements TemplateStore {
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();

    @Override
    public StoredTemplate put(byte[] body) {
      String sha256 = sha256(body);
      bodies.put(sha256, body.clone());
      return new StoredTemplate(sha256, "memory:" + sha256, null);
    }

    @Override
    public byte[] get(String location) {
      return bodies.get(location.substring("memory:".length())).clone();
    }

    private static String sha256(byte[] body) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
