package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.deploy.DeploymentApprovals;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.estimate.ReviewCostEstimate;
import dev.fogbank.shared.execution.DeploymentResumer;
import dev.fogbank.shared.execution.ExecutionStarter;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.review.ReviewReport;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import dev.fogbank.shared.template.TemplateStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * POST /deployments/{id}/approve and /reject through the routes, history on DynamoDB Local and a
 * resumer that records what Step Functions would have been sent.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class ApprovalRoutesTest {
  private static final String TEMPLATE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";

  /** SendTaskSuccess/SendTaskFailure as calls; {@code waiting} false: the task already ended. */
  private static final class RecordingResumer implements DeploymentResumer {
    final List<String> calls = new ArrayList<>();
    boolean waiting = true;

    @Override
    public boolean resume(String taskToken, String outputJson) {
      calls.add("success " + taskToken + " " + outputJson);
      return waiting;
    }

    @Override
    public boolean fail(String taskToken, String error, String cause) {
      calls.add("failure " + taskToken + " " + error + " " + cause);
      return waiting;
    }
  }

  private final RecordingResumer resumer = new RecordingResumer();
  private final List<String> inputs = new ArrayList<>();
  private DynamoDbDeploymentHistory history;
  private ApiRoutes routes;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    ExecutionStarter executions =
        (name, input) -> {
          inputs.add(input);
          return new ExecutionStarter.StartedExecution(name, false);
        };
    Clock clock = Clock.systemUTC();
    DeploymentIntake intake =
        new DeploymentIntake(
            history,
            new TemplateStore() {
              // The template is never read here: the routes only store it.
              @Override
              public StoredTemplate put(byte[] body) {
                return new StoredTemplate("0".repeat(64), "memory:t", null);
              }

              @Override
              public byte[] get(String location) {
                return TEMPLATE.getBytes(java.nio.charset.StandardCharsets.UTF_8);
              }
            },
            executions,
            clock,
            "123456789012",
            "us-east-1",
            null,
            DeploymentOptions.defaults());
    DeploymentApprovals approvals = new DeploymentApprovals(history, resumer, clock);
    routes =
        new ApiRoutes(intake, history, DynamoDbLockStore.create(dynamoDb, table), "123456789012",
                "us-east-1")
            .withApprovals(() -> approvals);
  }

  @Test
  void approve_whenUnknownDeployment_then404AndNothingResumed() {
    ApiRoutes.Response r = post("/deployments/d-nope/approve", "");

    assertEquals(404, r.status());
    assertEquals("NOT_FOUND", code(r));
    assertTrue(resumer.calls.isEmpty());
  }

  @Test
  void approve_whenRunning_then409NotAwaitingApprovalAndNothingResumed() {
    String id = submit("{}");
    history.transition(id, StatusChange.running(Instant.now()));

    ApiRoutes.Response r = post("/deployments/" + id + "/approve", "");

    assertEquals(409, r.status());
    assertEquals("NOT_AWAITING_APPROVAL", code(r));
    assertTrue(resumer.calls.isEmpty());
  }

  @Test
  void approve_whenAwaiting_thenRecordedByCallerAndResumedOnItsToken_secondDecisionIs409() {
    String id = awaiting();

    ApiRoutes.Response r = post("/deployments/" + id + "/approve", "{\"reason\": \"planned\"}");

    assertEquals(200, r.status(), () -> String.valueOf(r.body()));
    JsonNode body = Json.mapper().valueToTree(r.body());
    assertEquals("RUNNING", body.path("status").asText());
    assertEquals("APPROVED", body.path("approval").path("decision").asText());
    assertEquals("alice", body.path("approval").path("by").asText());
    assertEquals("planned", body.path("approval").path("reason").asText());
    assertTrue(body.path("approvalToken").isMissingNode(), "the token is never shown");
    assertEquals(1, resumer.calls.size());
    assertTrue(resumer.calls.getFirst().startsWith("success token-" + id), resumer.calls::toString);
    ApiRoutes.Response again = post("/deployments/" + id + "/reject", "{\"reason\": \"no\"}");
    assertEquals(409, again.status());
    assertEquals(1, resumer.calls.size(), "a second decision resumes nothing");
  }

  @Test
  void reject_whenNoReason_then400AndStillAwaiting() {
    String id = awaiting();

    ApiRoutes.Response r = post("/deployments/" + id + "/reject", "{}");

    assertEquals(400, r.status());
    assertEquals("INVALID_REQUEST", code(r));
    assertEquals(DeploymentStatus.AWAITING_APPROVAL, history.get(id).orElseThrow().status());
    assertTrue(resumer.calls.isEmpty());
  }

  @Test
  void reject_whenAwaiting_thenTaskFailsWithFogbankCancelledNamingWhoAndWhy() {
    String id = awaiting();

    ApiRoutes.Response r =
        post("/deployments/" + id + "/reject", "{\"reason\": \"not during the sale\"}");

    assertEquals(200, r.status(), () -> String.valueOf(r.body()));
    assertEquals(
        List.of(
            "failure token-" + id + " fogbank.CANCELLED rejected by alice: not during the sale"),
        resumer.calls);
    DeploymentRecord record = history.get(id).orElseThrow();
    assertEquals("REJECTED", record.approval().decision());
  }

  @Test
  void approve_whenTheWaitAlreadyTimedOut_then409() {
    String id = awaiting();
    resumer.waiting = false;

    ApiRoutes.Response r = post("/deployments/" + id + "/approve", "");

    assertEquals(409, r.status());
    assertEquals("NOT_AWAITING_APPROVAL", code(r));
  }

  @Test
  void postDeployments_whenApprovalOptionGiven_thenCarriedToTheExecution_unknownIs400()
      throws Exception {
    submit("{\"approval\": \"always\", \"stackPolicy\": \"protect-stateful\"}");
    JsonNode input = Json.mapper().readTree(inputs.getLast());
    assertEquals("always", input.path("reviewPolicy").path("approval").asText());
    assertEquals("protect-stateful", input.path("reviewPolicy").path("stackPolicy").asText());

    ApiRoutes.Response bad = postDeployment("{\"approval\": \"sometimes\"}");
    assertEquals(400, bad.status());
    assertTrue(message(bad).contains("auto-below-high, always, never"), message(bad));
    ApiRoutes.Response badPolicy = postDeployment("{\"stackPolicy\": \"{not json\"}");
    assertEquals(400, badPolicy.status(), message(badPolicy));
  }

  @Test
  void postDeployments_whenMaxMonthlyIncreaseGiven_thenCarriedToTheExecution_negativeIs400()
      throws Exception {
    submit("{\"maxMonthlyIncrease\": 100.5}");
    JsonNode input = Json.mapper().readTree(inputs.getLast());
    assertEquals(
        "100.5", input.path("reviewPolicy").path("maxMonthlyIncrease").decimalValue().toString());

    ApiRoutes.Response bad = postDeployment("{\"maxMonthlyIncrease\": -1}");
    assertEquals(400, bad.status());
    assertTrue(message(bad).contains("options.maxMonthlyIncrease"), message(bad));
  }

  @Test
  void postDeployments_whenBudgetGiven_thenCarriedToTheExecution_zeroNegativeOrTextIs400()
      throws Exception {
    submit("{\"budget\": 250}");
    JsonNode input = Json.mapper().readTree(inputs.getLast());
    assertEquals("250", input.path("reviewPolicy").path("budget").decimalValue().toString());

    for (String bad : List.of("0", "-5", "\"lots\"")) {
      ApiRoutes.Response r = postDeployment("{\"budget\": " + bad + "}");
      assertEquals(400, r.status(), bad);
      assertEquals("INVALID_REQUEST", code(r), bad);
      assertTrue(message(r).contains("budget"), message(r));
    }
  }

  @Test
  void getDeployment_whenReviewHasCostEstimate_thenShownBesideTheReview() {
    String id = submit("{}");
    history.transition(id, StatusChange.running(Instant.now()));
    ReviewCostEstimate cost =
        new ReviewCostEstimate(
            new BigDecimal("22.71"),
            new BigDecimal("272.52"),
            "USD",
            new BigDecimal("14.71"),
            new BigDecimal("183.9"),
            new ReviewCostEstimate.CoverageCounts(2, 0, 0),
            List.of(
                new ReviewCostEstimate.ResourceCost(
                    "Orders", "AWS::RDS::DBInstance", null, new BigDecimal("14.71"))),
            null);
    ReviewReport review =
        new ReviewReport(
                Severity.LOW, 1, Map.of("Add", 1), Map.of(Severity.LOW, 1), List.of(), List.of(),
                List.of(), false, List.of(), List.of(), "auto-below-high", false)
            .withCost(cost, "cost: +$14.71/month is above maxMonthlyIncrease $10", true);
    history.transition(id, StatusChange.awaitingApproval(Instant.now(), review, "token-" + id));

    ApiRoutes.Response r = routes.handle("GET", "/deployments/" + id, null, null, "alice");

    assertEquals(200, r.status());
    JsonNode body = Json.mapper().valueToTree(r.body());
    JsonNode estimate = body.path("costEstimate");
    assertEquals("14.71", estimate.path("deltaMonthly").decimalValue().toString());
    assertEquals(2, estimate.path("coverage").path("priced").asInt());
    assertEquals("Orders", estimate.path("resources").path(0).path("logicalId").asText());
    assertTrue(estimate.path("unavailable").isMissingNode());
    assertTrue(body.path("approvalRequired").asBoolean());
    assertTrue(
        body.path("reviewNotes").toString().contains("above maxMonthlyIncrease"),
        body.toString());
  }

  private String awaiting() {
    String id = submit("{}");
    history.transition(id, StatusChange.running(Instant.now()));
    history.transition(id, StatusChange.awaitingApproval(Instant.now(), null, "token-" + id));
    return id;
  }

  private String submit(String options) {
    ApiRoutes.Response r = postDeployment(options);
    assertEquals(202, r.status(), () -> String.valueOf(r.body()));
    return Json.mapper().valueToTree(r.body()).path("deploymentId").asText();
  }

  private ApiRoutes.Response postDeployment(String options) {
    String body =
        Json.mapper()
            .createObjectNode()
            .put("stackName", "web")
            .put("templateBody", TEMPLATE)
            .set("options", Json.mapper().valueToTree(parse(options)))
            .toString();
    return post("/deployments", body);
  }

  private static JsonNode parse(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private ApiRoutes.Response post(String path, String body) {
    return routes.handle("POST", path, null, body, "alice");
  }

  private static String code(ApiRoutes.Response r) {
    return Json.mapper().valueToTree(r.body()).path("error").path("code").asText();
  }

  private static String message(ApiRoutes.Response r) {
    return Json.mapper().valueToTree(r.body()).path("error").path("message").asText();
  }
}
