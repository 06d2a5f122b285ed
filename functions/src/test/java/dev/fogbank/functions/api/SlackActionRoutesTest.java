package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.auth.AccessPolicy;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import dev.fogbank.shared.auth.Grant;
import dev.fogbank.shared.deploy.DeploymentApprovals;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.execution.DeploymentResumer;
import dev.fogbank.shared.execution.ExecutionStarter;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.notify.SlackAction;
import dev.fogbank.shared.notify.SlackActionTest;
import dev.fogbank.shared.notify.SlackSignature;
import dev.fogbank.shared.secret.SecretSource;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * POST /slack/actions through the routes: requests signed in the test with a known signing secret
 * (as Slack signs them), history and the policy on DynamoDB Local, a resumer recording what Step
 * Functions would have been sent.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class SlackActionRoutesTest {
  private static final String SECRET = "e2b8c1d0f4a94c5fa1b2c3d4e5f60718";
  private static final Instant NOW = Instant.parse("2026-12-07T02:30:00Z");
  private static final String TEMPLATE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
  private static final String TEAM = "T0FOG";
  private static final String APPROVER = "U0ALICE";
  private static final String READER = "U0BOB";

  private static final class RecordingResumer implements DeploymentResumer {
    final List<String> calls = new ArrayList<>();

    @Override
    public boolean resume(String taskToken, String outputJson) {
      calls.add("success " + taskToken + " " + outputJson);
      return true;
    }

    @Override
    public boolean fail(String taskToken, String error, String cause) {
      calls.add("failure " + taskToken + " " + error + " " + cause);
      return true;
    }
  }

  private final RecordingResumer resumer = new RecordingResumer();
  private DynamoDbDeploymentHistory history;
  private ApiRoutes routes;
  private Optional<String> signingSecret = Optional.of(SECRET);

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    DeploymentIntake intake =
        new DeploymentIntake(
            history,
            new TemplateStore() {
              @Override
              public StoredTemplate put(byte[] body) {
                return new StoredTemplate("0".repeat(64), "memory:t", null);
              }

              @Override
              public byte[] get(String location) {
                return TEMPLATE.getBytes(StandardCharsets.UTF_8);
              }
            },
            (name, input) -> new ExecutionStarter.StartedExecution(name, false),
            clock,
            "123456789012",
            "us-east-1",
            null,
            DeploymentOptions.defaults());
    DynamoDbPolicyStore policies = new DynamoDbPolicyStore(dynamoDb, table, clock);
    policies.write(
        AccessPolicy.fromJson(
            "{\"statements\": ["
                + "{\"principal\": \"slack:" + TEAM + "/" + APPROVER + "\","
                + " \"stacks\": [\"web-*\"],"
                + " \"actions\": [\"approve\"]},"
                + "{\"principal\": \"slack:" + TEAM + "/" + READER + "\", \"stacks\": [\"*\"],"
                + " \"actions\": [\"read\"]}]}"),
        "test");
    DeploymentApprovals approvals = new DeploymentApprovals(history, resumer, clock);
    routes =
        new ApiRoutes(intake, history, DynamoDbLockStore.create(dynamoDb, table), "123456789012",
                "us-east-1")
            .withApprovals(() -> approvals)
            .withAuthorization(
                Authorizer.of(() -> policies, Map.of("admin", List.of(Grant.admin()))))
            .withSlackActions(() -> (SecretSource) () -> signingSecret, clock);
  }

  @Test
  void approve_whenSignedAndSlackUserMayApprove_thenRecordedAsSlackUserAndResumedOnce() {
    String id = awaiting("web-shop");

    ApiRoutes.Response r = slack(SlackAction.APPROVE, id, APPROVER, NOW, SECRET);

    assertEquals(200, r.status(), () -> String.valueOf(r.body()));
    JsonNode body = Json.mapper().valueToTree(r.body());
    assertEquals("RUNNING", body.path("status").asText());
    assertEquals("APPROVED", body.path("decision").asText());
    DeploymentRecord record = history.get(id).orElseThrow();
    assertEquals("APPROVED", record.approval().decision());
    assertEquals("slack:T0FOG/U0ALICE", record.approval().by());
    assertEquals("approved in Slack by @alice", record.approval().reason());
    assertEquals(1, resumer.calls.size());
    assertTrue(resumer.calls.getFirst().startsWith("success token-" + id), resumer.calls::toString);

    ApiRoutes.Response again = slack(SlackAction.REJECT, id, APPROVER, NOW, SECRET);
    assertEquals(409, again.status());
    assertEquals("NOT_AWAITING_APPROVAL", code(again));
    assertEquals(1, resumer.calls.size(), "a second press resumes nothing");
  }

  @Test
  void reject_whenSigned_thenTaskFailsCancelledWithTheFixedSlackReason() {
    String id = awaiting("web-shop");

    ApiRoutes.Response r = slack(SlackAction.REJECT, id, APPROVER, NOW, SECRET);

    assertEquals(200, r.status(), () -> String.valueOf(r.body()));
    assertEquals(
        List.of(
            "failure token-" + id + " fogbank.CANCELLED rejected by slack:T0FOG/U0ALICE:"
                + " rejected in Slack by @alice"),
        resumer.calls);
    assertEquals("REJECTED", history.get(id).orElseThrow().approval().decision());
  }

  @Test
  void approve_whenForgedSignature_then401AndNothingChanged() {
    String id = awaiting("web-shop");

    ApiRoutes.Response r = slack(SlackAction.APPROVE, id, APPROVER, NOW, "not-the-secret");

    assertEquals(401, r.status());
    assertEquals("UNAUTHORIZED", code(r));
    assertUnchanged(id);
  }

  @Test
  void approve_whenNoSignatureHeaders_then401AndNothingChanged() {
    String id = awaiting("web-shop");
    String body =
        SlackActionTest.form(SlackActionTest.payload(SlackAction.APPROVE, id, TEAM, APPROVER));

    ApiRoutes.Response r = routes.handle("POST", "/slack/actions", null, body, null, Map.of());

    assertEquals(401, r.status());
    assertUnchanged(id);
  }

  @Test
  void approve_whenTimestampSixMinutesOld_then401AsReplayAndNothingChanged() {
    String id = awaiting("web-shop");

    ApiRoutes.Response r =
        slack(SlackAction.APPROVE, id, APPROVER, NOW.minusSeconds(360), SECRET);

    assertEquals(401, r.status());
    assertTrue(message(r).contains("replay"), message(r));
    assertUnchanged(id);
  }

  @Test
  void approve_whenNoSigningSecretSet_then401AndNothingChanged() {
    String id = awaiting("web-shop");
    signingSecret = Optional.empty();

    ApiRoutes.Response r = slack(SlackAction.APPROVE, id, APPROVER, NOW, SECRET);

    assertEquals(401, r.status());
    assertTrue(message(r).contains("no Slack signing secret"), message(r));
    assertUnchanged(id);
  }

  @Test
  void approve_whenSlackUserOnlyReadsOrIsUnknownOrStackOutsideTheirPatterns_then403() {
    String id = awaiting("web-shop");
    String other = awaiting("payments");

    assertEquals(403, slack(SlackAction.APPROVE, id, READER, NOW, SECRET).status());
    assertEquals(403, slack(SlackAction.APPROVE, id, "U0NOBODY", NOW, SECRET).status());
    ApiRoutes.Response outside = slack(SlackAction.REJECT, other, APPROVER, NOW, SECRET);
    assertEquals(403, outside.status());
    assertEquals("FORBIDDEN", code(outside));
    assertUnchanged(id);
    assertUnchanged(other);
  }

  @Test
  void approve_whenUnknownDeployment_then404() {
    ApiRoutes.Response r = slack(SlackAction.APPROVE, "d-nope", APPROVER, NOW, SECRET);

    assertEquals(404, r.status());
    assertTrue(resumer.calls.isEmpty());
  }

  @Test
  void approve_whenNotWaiting_then409AndNothingResumed() {
    String id = submit("web-shop");
    history.transition(id, StatusChange.running(NOW));

    ApiRoutes.Response r = slack(SlackAction.APPROVE, id, APPROVER, NOW, SECRET);

    assertEquals(409, r.status());
    assertEquals(DeploymentStatus.RUNNING, history.get(id).orElseThrow().status());
    assertNull(history.get(id).orElseThrow().approval());
    assertTrue(resumer.calls.isEmpty());
  }

  @Test
  void slackActions_whenGet_then405() {
    assertEquals(405, routes.handle("GET", "/slack/actions", null, null, null, Map.of()).status());
  }

  private ApiRoutes.Response slack(
      String actionId, String deploymentId, String user, Instant at, String signWith) {
    String body =
        SlackActionTest.form(SlackActionTest.payload(actionId, deploymentId, TEAM, user));
    String ts = String.valueOf(at.getEpochSecond());
    Map<String, String> headers =
        Map.of(
            "content-type", "application/x-www-form-urlencoded",
            "x-slack-request-timestamp", ts,
            "x-slack-signature",
            SlackSignature.sign(signWith, ts, body.getBytes(StandardCharsets.UTF_8)));
    // No IAM principal: Slack's requests reach the route without one.
    return routes.handle("POST", "/slack/actions", null, body, null, headers);
  }

  private void assertUnchanged(String id) {
    DeploymentRecord record = history.get(id).orElseThrow();
    assertEquals(DeploymentStatus.AWAITING_APPROVAL, record.status());
    assertNull(record.approval());
    assertEquals("token-" + id, record.approvalToken());
    assertTrue(resumer.calls.isEmpty(), resumer.calls::toString);
  }

  private String awaiting(String stack) {
    String id = submit(stack);
    history.transition(id, StatusChange.running(NOW));
    history.transition(id, StatusChange.awaitingApproval(NOW, null, "token-" + id));
    return id;
  }

  private String submit(String stack) {
    String body =
        Json.mapper()
            .createObjectNode()
            .put("stackName", stack)
            .put("templateBody", TEMPLATE)
            .toString();
    ApiRoutes.Response r = routes.handle("POST", "/deployments", null, body, "admin");
    assertEquals(202, r.status(), () -> String.valueOf(r.body()));
    return Json.mapper().valueToTree(r.body()).path("deploymentId").asText();
  }

  private static String code(ApiRoutes.Response r) {
    return Json.mapper().valueToTree(r.body()).path("error").path("code").asText();
  }

  private static String message(ApiRoutes.Response r) {
    return Json.mapper().valueToTree(r.body()).path("error").path("message").asText();
  }
}
