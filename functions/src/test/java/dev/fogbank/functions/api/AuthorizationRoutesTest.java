package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.auth.AccessPolicy;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import dev.fogbank.shared.deploy.DeploymentApprovals;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.execution.DeploymentResumer;
import dev.fogbank.shared.execution.ExecutionStarter;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Authorization through the real ApiHandler: API Gateway HTTP API events (payload 2.0, IAM auth)
 * whose {@code requestContext.authorizer.iam.userArn} is the principal, the policy in the control
 * table on DynamoDB Local. Outside its grants a caller gets 403 FORBIDDEN and nothing changes.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class AuthorizationRoutesTest {
  private static final String ADMIN = "arn:aws:iam::111122223333:role/platform-admin";
  /** The fixture's caller: an assumed role session, matched by a wildcard statement. */
  private static final String PIPELINE = "arn:aws:sts::111122223333:assumed-role/deploy-pipeline/pipeline";
  private static final String AUDITOR = "arn:aws:iam::111122223333:user/auditor";
  private static final String STRANGER = "arn:aws:iam::444455556666:user/mallory";
  private static final StackRef WEB = StackRef.of("123456789012", "us-east-1", "web");
  private static final StackRef PAYMENTS = StackRef.of("123456789012", "us-east-1", "payments");
  private static final String TEMPLATE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";

  private final List<String> started = new ArrayList<>();
  private final List<String> resumed = new ArrayList<>();
  private DynamoDbDeploymentHistory history;
  private DynamoDbLockStore locks;
  private DynamoDbPolicyStore policies;
  private ApiHandler handler;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    locks = DynamoDbLockStore.create(dynamoDb, table);
    policies = DynamoDbPolicyStore.create(dynamoDb, table);
    policies.write(
        AccessPolicy.fromJson(
            """
            {"statements": [
              {"principal": "%s", "stacks": ["*"], "actions": ["admin"]},
              {"principal": "arn:aws:sts::111122223333:assumed-role/deploy-pipeline/*",
               "stacks": ["web", "web-*"], "actions": ["read", "deploy", "unlock"]},
              {"principal": "%s", "stacks": ["*"], "actions": ["read"]}
            ]}
            """
                .formatted(ADMIN, AUDITOR)),
        "bootstrap");
    ExecutionStarter executions =
        (name, input) -> {
          started.add(name);
          return new ExecutionStarter.StartedExecution(name, false);
        };
    Clock clock = Clock.systemUTC();
    TemplateStore templates =
        new TemplateStore() {
          @Override
          public StoredTemplate put(byte[] body) {
            return new StoredTemplate("0".repeat(64), "memory:t", null);
          }

          @Override
          public byte[] get(String location) {
            return TEMPLATE.getBytes(StandardCharsets.UTF_8);
          }
        };
    DeploymentIntake intake =
        new DeploymentIntake(
            history, templates, executions, clock, "123456789012", "us-east-1", null,
            DeploymentOptions.defaults());
    DeploymentResumer resumer =
        new DeploymentResumer() {
          @Override
          public boolean resume(String taskToken, String outputJson) {
            resumed.add(taskToken);
            return true;
          }

          @Override
          public boolean fail(String taskToken, String error, String cause) {
            resumed.add(taskToken);
            return true;
          }
        };
    handler =
        new ApiHandler(
            new ApiRoutes(intake, history, locks, "123456789012", "us-east-1")
                .withApprovals(() -> new DeploymentApprovals(history, resumer, clock))
                .withAuthorization(Authorizer.of(() -> policies, Map.of())));
  }

  @Test
  void postDeployments_whenStackOutsidePrincipalsPatterns_then403AndNothingRecordedOrStarted() {
    JsonNode r = call(PIPELINE, "POST", "/deployments", deployment("payments"));

    assertEquals(403, r.path("status").asInt(), r::toString);
    assertEquals("FORBIDDEN", r.path("body").path("error").path("code").asText());
    assertTrue(
        r.path("body").path("error").path("message").asText().contains("deploy stack 'payments'"),
        r::toString);
    assertTrue(history.list(PAYMENTS, 10, null).items().isEmpty(), "history unchanged");
    assertTrue(started.isEmpty(), "no execution started");
  }

  @Test
  void postDeployments_whenInsidePattern_then202AndTheIamArnIsTheRequester() {
    JsonNode r = call(PIPELINE, "POST", "/deployments", deployment("web"));

    assertEquals(202, r.path("status").asInt(), r::toString);
    String id = r.path("body").path("deploymentId").asText();
    assertEquals(PIPELINE, history.get(id).orElseThrow().requester());
    assertEquals(1, started.size());
  }

  @Test
  void readOnlyCaller_whenReading_then200_whenLockingOrApproving_then403AndNothingChanges() {
    String waiting = awaitingApproval();

    assertEquals(200, call(AUDITOR, "GET", "/stacks/web/deployments", null).path("status").asInt());
    assertEquals(200, call(AUDITOR, "GET", "/deployments/" + waiting, null).path("status").asInt());
    JsonNode lock = call(AUDITOR, "POST", "/stacks/web/lock", "{\"ttlSeconds\": 600}");
    JsonNode approve = call(AUDITOR, "POST", "/deployments/" + waiting + "/approve", "");
    JsonNode deploy = call(AUDITOR, "POST", "/deployments", deployment("web"));

    assertEquals(403, lock.path("status").asInt(), lock::toString);
    assertTrue(locks.read(WEB).isEmpty(), "no lock taken");
    assertEquals(403, approve.path("status").asInt(), approve::toString);
    assertEquals(
        DeploymentStatus.AWAITING_APPROVAL, history.get(waiting).orElseThrow().status());
    assertTrue(resumed.isEmpty(), "nothing resumed");
    assertEquals(403, deploy.path("status").asInt(), deploy::toString);
    assertEquals(1, history.list(WEB, 10, null).items().size(), "history unchanged");
  }

  @Test
  void forceRelease_whenNotAdmin_then403AndTheLockKept_whenAdmin_then200() {
    locks.acquire(WEB, "deployment/d-1", "d-1", Duration.ofMinutes(30));

    JsonNode refused = call(PIPELINE, "DELETE", "/stacks/web/lock?force=true", null);

    assertEquals(403, refused.path("status").asInt(), refused::toString);
    assertEquals("FORBIDDEN", refused.path("body").path("error").path("code").asText());
    assertEquals("d-1", locks.read(WEB).orElseThrow().deploymentId());
    JsonNode forced = call(ADMIN, "DELETE", "/stacks/web/lock?force=true", null);
    assertEquals(200, forced.path("status").asInt(), forced::toString);
    assertTrue(locks.read(WEB).isEmpty());
  }

  @Test
  void policy_whenNotAdmin_then403_whenAdminReplacesIt_thenTheNextRequestUsesIt() {
    assertEquals(403, call(AUDITOR, "GET", "/policy", null).path("status").asInt());
    assertEquals(403, call(STRANGER, "GET", "/stacks/web/lock", null).path("status").asInt());
    String grantStranger =
        """
        {"statements": [
          {"principal": "%s", "stacks": ["*"], "actions": ["admin"]},
          {"principal": "%s", "stacks": ["web"], "actions": ["read"]}
        ]}
        """
            .formatted(ADMIN, STRANGER);
    JsonNode refused = call(AUDITOR, "PUT", "/policy", grantStranger);
    assertEquals(403, refused.path("status").asInt(), refused::toString);

    JsonNode put = call(ADMIN, "PUT", "/policy", grantStranger);

    assertEquals(200, put.path("status").asInt(), put::toString);
    assertEquals(
        STRANGER, call(ADMIN, "GET", "/policy", null).path("body").path("statements").path(1)
            .path("principal").asText());
    assertEquals(200, call(STRANGER, "GET", "/stacks/web/lock", null).path("status").asInt());
    assertEquals(403, call(AUDITOR, "GET", "/stacks/web/lock", null).path("status").asInt());
  }

  @Test
  void putPolicy_whenItWouldTakeTheWritersAdminAway_then400AndPolicyUnchanged() {
    String before = policies.read().orElseThrow().toJsonText();

    JsonNode lockout =
        call(ADMIN, "PUT", "/policy",
            "{\"statements\": [{\"principal\": \"" + AUDITOR
                + "\", \"stacks\": [\"*\"], \"actions\": [\"admin\"]}]}");
    JsonNode typo =
        call(ADMIN, "PUT", "/policy",
            "{\"statements\": [{\"principal\": \"" + ADMIN
                + "\", \"stacks\": [\"*\"], \"action\": [\"admin\"]}]}");
    JsonNode badAction =
        call(ADMIN, "PUT", "/policy",
            "{\"statements\": [{\"principal\": \"" + ADMIN
                + "\", \"stacks\": [\"*\"], \"actions\": [\"root\"]}]}");

    assertEquals(400, lockout.path("status").asInt(), lockout::toString);
    assertTrue(lockout.toString().contains("take admin"), lockout::toString);
    assertEquals(400, typo.path("status").asInt(), typo::toString);
    assertTrue(typo.toString().contains("unknown field 'statements[0].action'"), typo::toString);
    assertEquals(400, badAction.path("status").asInt(), badAction::toString);
    assertTrue(badAction.toString().contains("unknown action 'root'"), badAction::toString);
    assertEquals(before, policies.read().orElseThrow().toJsonText());
  }

  @Test
  void anyRoute_whenNoIamPrincipalInTheRequestContext_then401_healthStill200() {
    ObjectNode anonymous =
        HttpApiEvents.request("http-api-v2-post-deployments.json", "GET", "/stacks/web/lock");
    ((ObjectNode) anonymous.path("requestContext")).remove("authorizer");
    APIGatewayV2HTTPResponse refused = handler.handleRequest(HttpApiEvents.bind(anonymous), null);
    APIGatewayV2HTTPResponse health =
        handler.handleRequest(HttpApiEvents.event("http-api-v2-get-health.json"), null);

    assertEquals(401, refused.getStatusCode(), refused.getBody());
    assertTrue(refused.getBody().contains("\"UNAUTHORIZED\""), refused.getBody());
    assertEquals(200, health.getStatusCode(), health.getBody());
  }

  private String awaitingApproval() {
    JsonNode r = call(ADMIN, "POST", "/deployments", deployment("web"));
    String id = r.path("body").path("deploymentId").asText();
    history.transition(id, StatusChange.running(Instant.now()));
    history.transition(id, StatusChange.awaitingApproval(Instant.now(), null, "token-" + id));
    return id;
  }

  private static String deployment(String stack) {
    return Json.mapper()
        .createObjectNode()
        .put("stackName", stack)
        .put("templateBody", TEMPLATE)
        .toString();
  }

  /** The fixture event with {@code principal} where API Gateway's IAM auth puts the caller. */
  private JsonNode call(String principal, String method, String pathAndQuery, String body) {
    String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?'))
        : pathAndQuery;
    ObjectNode event = HttpApiEvents.request("http-api-v2-post-deployments.json", method, path);
    HttpApiEvents.withBody(event, body);
    if (pathAndQuery.contains("?")) {
      String[] kv = pathAndQuery.substring(pathAndQuery.indexOf('?') + 1).split("=");
      HttpApiEvents.withQuery(event, Map.of(kv[0], kv[1]));
    }
    ((ObjectNode) event.path("requestContext").path("authorizer").path("iam"))
        .put("userArn", principal);
    APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.bind(event), null);
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.put("status", response.getStatusCode());
    try {
      answer.set("body", Json.mapper().readTree(response.getBody()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return answer;
  }
}
