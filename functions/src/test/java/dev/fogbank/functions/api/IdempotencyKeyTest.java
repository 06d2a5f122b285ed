package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.functions.api.ApiHandlerTest.MemoryTemplateStore;
import dev.fogbank.functions.api.ApiHandlerTest.RecordingExecutionStarter;
import dev.fogbank.functions.api.ApiHandlerTest.SteppingClock;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code POST /deployments} with an {@code Idempotency-Key} header, as API Gateway invokes the
 * function, through the real history adapter on DynamoDB Local (its id claim is what makes
 * concurrent retries safe).
 */
@ExtendWith(DynamoDbLocalExtension.class)
class IdempotencyKeyTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final String TEMPLATE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";

  private final RecordingExecutionStarter executions = new RecordingExecutionStarter();
  private DynamoDbDeploymentHistory history;
  private ApiHandler handler;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    DeploymentIntake intake =
        new DeploymentIntake(
            history,
            new MemoryTemplateStore(),
            executions,
            new SteppingClock(Instant.parse("2026-11-21T22:05:01Z"), Duration.ofSeconds(1)),
            ACCOUNT,
            REGION,
            null,
            DeploymentOptions.defaults());
    handler =
        new ApiHandler(
            new ApiRoutes(
                intake, history, DynamoDbLockStore.create(dynamoDb, table), ACCOUNT, REGION));
  }

  @Test
  void postDeployments_whenSameKeyAndBodyFiveTimes_thenOneDeploymentAndOneExecution() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      APIGatewayV2HTTPResponse response = invoke(post(body("web", "a"), "idempotency-key", "k-1"));
      assertEquals(202, response.getStatusCode(), response.getBody());
      ids.add(json(response).path("deploymentId").asText());
    }

    assertEquals(1, ids.size(), ids.toString());
    assertEquals(ids, Set.copyOf(deploymentIds("web")));
    assertEquals(1, executions.started.size());
    assertEquals(ids.iterator().next(), executions.started.get(0).name());
  }

  @Test
  void postDeployments_whenSameKeyAndBodyFromFiveThreadsAtOnce_thenOneDeployment()
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(5);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<APIGatewayV2HTTPResponse>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        APIGatewayV2HTTPEvent event = post(body("web", "a"), "idempotency-key", "k-race");
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return invoke(event);
                }));
      }
      go.countDown();
      Set<String> ids = new HashSet<>();
      for (Future<APIGatewayV2HTTPResponse> answer : answers) {
        APIGatewayV2HTTPResponse response = answer.get(60, TimeUnit.SECONDS);
        assertEquals(202, response.getStatusCode(), response.getBody());
        ids.add(json(response).path("deploymentId").asText());
      }

      assertEquals(1, ids.size(), ids.toString());
      assertEquals(ids, Set.copyOf(deploymentIds("web")), "one record in the stack's history");
      assertEquals(1, executions.started.size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void postDeployments_whenSameKeyWithTwoBodiesAtOnce_thenOneDeploymentAndTheOtherBodyGets409()
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    CountDownLatch go = new CountDownLatch(1);
    List<String> teams = List.of("a", "b", "a", "b", "a", "b");
    List<Future<APIGatewayV2HTTPResponse>> answers = new ArrayList<>();
    try {
      for (String team : teams) {
        APIGatewayV2HTTPEvent event = post(body("web", team), "idempotency-key", "k-split");
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return invoke(event);
                }));
      }
      go.countDown();
      for (Future<APIGatewayV2HTTPResponse> answer : answers) {
        answer.get(60, TimeUnit.SECONDS);
      }
      List<String> ids = deploymentIds("web");
      assertEquals(1, ids.size(), ids.toString());
      String winner = history.get(ids.get(0)).orElseThrow().parameters().get("Team");
      for (int i = 0; i < teams.size(); i++) {
        APIGatewayV2HTTPResponse response = answers.get(i).get();
        if (teams.get(i).equals(winner)) {
          assertEquals(202, response.getStatusCode(), response.getBody());
          assertEquals(ids.get(0), json(response).path("deploymentId").asText());
        } else {
          assertEquals(409, response.getStatusCode(), response.getBody());
          assertEquals(
              "IDEMPOTENCY_KEY_REUSED", json(response).path("error").path("code").asText());
        }
      }
      assertEquals(1, executions.started.size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void postDeployments_whenSameKeyWithAnotherBody_then409AndTheFirstDeploymentUnchanged() {
    String id = json(invoke(post(body("web", "a"), "idempotency-key", "k-2")))
        .path("deploymentId").asText();
    DeploymentRecord before = history.get(id).orElseThrow();

    APIGatewayV2HTTPResponse response =
        invoke(post(body("web", "b"), "idempotency-key", "k-2"));

    assertEquals(409, response.getStatusCode(), response.getBody());
    JsonNode error = json(response).path("error");
    assertEquals("IDEMPOTENCY_KEY_REUSED", error.path("code").asText());
    assertTrue(error.path("message").asText().contains(id), error.toString());
    assertEquals(List.of(id), deploymentIds("web"));
    assertEquals(before, history.get(id).orElseThrow());
    assertEquals(1, executions.started.size());
  }

  @Test
  void postDeployments_whenHeaderNameInAnotherCase_thenSameDeployment() {
    String lower = json(invoke(post(body("web", "a"), "idempotency-key", "k-3")))
        .path("deploymentId").asText();
    String mixed = json(invoke(post(body("web", "a"), "Idempotency-Key", "k-3")))
        .path("deploymentId").asText();
    String upper = json(invoke(post(body("web", "a"), "IDEMPOTENCY-KEY", "k-3")))
        .path("deploymentId").asText();

    assertEquals(lower, mixed);
    assertEquals(lower, upper);
    assertEquals(List.of(lower), deploymentIds("web"));
  }

  @Test
  void postDeployments_whenSameKeyFromAnotherCaller_thenItsOwnDeployment() {
    String pipeline = json(invoke(post(body("web", "a"), "idempotency-key", "k-4")))
        .path("deploymentId").asText();
    ObjectNode other = event(body("web", "a"), "idempotency-key", "k-4");
    ((ObjectNode) other.path("requestContext").path("authorizer").path("iam"))
        .put("userArn", "arn:aws:sts::111122223333:assumed-role/ops/alice");
    String alice = json(invoke(HttpApiEvents.bind(other))).path("deploymentId").asText();

    assertNotEquals(pipeline, alice);
    assertEquals(Set.of(pipeline, alice), Set.copyOf(deploymentIds("web")));
  }

  @Test
  void postDeployments_whenNoKey_thenANewDeploymentEachTime() {
    String first = json(invoke(post(body("web", "a"), null, null))).path("deploymentId").asText();
    String second = json(invoke(post(body("web", "a"), null, null))).path("deploymentId").asText();

    assertNotEquals(first, second);
    assertEquals(Set.of(first, second), Set.copyOf(deploymentIds("web")));
    assertEquals(2, executions.started.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "tab\there", "caf\u00e9", "line\nbreak", "x256"})
  void postDeployments_whenKeyNotPrintableAsciiOrOutOfLength_then400AndNothingRecorded(
      String key) {
    String sent = key.equals("x256") ? "x".repeat(256) : key;

    APIGatewayV2HTTPResponse response = invoke(post(body("web", "a"), "idempotency-key", sent));

    assertEquals(400, response.getStatusCode(), response.getBody());
    JsonNode error = json(response).path("error");
    assertEquals("INVALID_REQUEST", error.path("code").asText());
    assertEquals(
        "Idempotency-Key must be 1 to 255 printable ASCII characters",
        error.path("message").asText());
    assertEquals(List.of(), deploymentIds("web"));
    assertEquals(0, executions.started.size());
  }

  @Test
  void postDeployments_whenKeyIs255PrintableCharacters_thenAccepted() {
    String key = "~ !" + "k".repeat(252);

    APIGatewayV2HTTPResponse response = invoke(post(body("web", "a"), "idempotency-key", key));

    assertEquals(202, response.getStatusCode(), response.getBody());
    assertTrue(json(response).path("deploymentId").asText().matches("d-api-[0-9a-f]{24}"));
  }

  // --- helpers ----------------------------------------------------------------------------

  private APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event) {
    return handler.handleRequest(event, null);
  }

  private List<String> deploymentIds(String stack) {
    return history.list(StackRef.of(ACCOUNT, REGION, stack), 100, null).items().stream()
        .map(DeploymentRecord::deploymentId)
        .toList();
  }

  /** A request body; {@code team} varies the parameters so two bodies differ. */
  private static String body(String stack, String team) {
    return "{\"stackName\":\""
        + stack
        + "\",\"templateBody\":"
        + Json.mapper().valueToTree(TEMPLATE)
        + ",\"parameters\":{\"Team\":\""
        + team
        + "\"}}";
  }

  private static APIGatewayV2HTTPEvent post(String body, String header, String key) {
    return HttpApiEvents.bind(event(body, header, key));
  }

  private static ObjectNode event(String body, String header, String key) {
    ObjectNode event =
        HttpApiEvents.withBody(HttpApiEvents.load("http-api-v2-post-deployments.json"), body);
    if (header != null) {
      ((ObjectNode) event.path("headers")).put(header, key);
    }
    return event;
  }

  private static JsonNode json(APIGatewayV2HTTPResponse response) {
    try {
      return Json.mapper().readTree(response.getBody());
    } catch (IOException e) {
      throw new AssertionError("response body is not JSON: " + response.getBody(), e);
    }
  }
}
