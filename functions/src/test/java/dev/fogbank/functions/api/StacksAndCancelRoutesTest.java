package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.auth.AccessPolicy;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import dev.fogbank.shared.deploy.DeploymentApprovals;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.history.DynamoDbStackSummaries;
import dev.fogbank.shared.execution.DeploymentResumer;
import dev.fogbank.shared.execution.ExecutionStarter;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.paging.DynamoDbPageKey;
import dev.fogbank.shared.paging.PageTokens;
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
 * {@code GET /stacks} (managed stacks with latest status and lock, paged by signed tokens) and
 * {@code POST /deployments/{id}/cancel}, through the routes over DynamoDB Local, with the policy
 * and page-token key in the control table as the Lambda and local wiring have them.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class StacksAndCancelRoutesTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final String TEMPLATE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";

  private final List<String> failedTokens = new ArrayList<>();
  private DynamoDbDeploymentHistory history;
  private DynamoDbLockStore locks;
  private ApiRoutes routes;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    locks = DynamoDbLockStore.create(dynamoDb, table);
    DynamoDbPolicyStore policies = DynamoDbPolicyStore.create(dynamoDb, table);
    policies.write(
        AccessPolicy.fromJson(
            """
            {"statements": [
              {"principal": "admin", "stacks": ["*"], "actions": ["admin"]},
              {"principal": "web-team", "stacks": ["web-*"], "actions": ["read", "deploy"]},
              {"principal": "viewer", "stacks": ["*"], "actions": ["read"]}
            ]}
            """),
        "test");
    ExecutionStarter executions = (name, input) -> new ExecutionStarter.StartedExecution(name, false);
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
    Clock clock = Clock.systemUTC();
    DeploymentIntake intake =
        new DeploymentIntake(
            history, templates, executions, clock, ACCOUNT, REGION, null,
            DeploymentOptions.defaults());
    DeploymentResumer resumer =
        new DeploymentResumer() {
          @Override
          public boolean resume(String taskToken, String outputJson) {
            return true;
          }

          @Override
          public boolean fail(String taskToken, String error, String cause) {
            failedTokens.add(taskToken + " " + error + " " + cause);
            return true;
          }
        };
    routes =
        new ApiRoutes(intake, history, locks, ACCOUNT, REGION)
            .withApprovals(() -> new DeploymentApprovals(history, resumer, clock))
            .withAuthorization(Authorizer.of(() -> policies, Map.of()))
            .withPageTokens(PageTokens.of(new DynamoDbPageKey(dynamoDb, table)))
            .withStackSummaries(
                () -> new DynamoDbStackSummaries(dynamoDb, table, ACCOUNT, REGION, clock));
  }

  @Test
  void getStacks_whenPaged_thenEachReadableStackOnceInNameOrderWithLatestStatusAndLock() {
    submit("web-a");
    String latest = submit("web-a");
    history.transition(latest, StatusChange.running(Instant.now()));
    submit("web-b");
    submit("payments");
    locks.acquire(StackRef.of(ACCOUNT, REGION, "web-b"), "manual/x", "manual/x", Duration.ofMinutes(5));

    JsonNode first = get("/stacks", Map.of("limit", "2"), "admin");
    JsonNode second =
        get("/stacks", Map.of("limit", "2", "nextToken", first.path("nextToken").asText()), "admin");

    assertEquals(List.of("payments", "web-a"), names(first));
    assertEquals(List.of("web-b"), names(second));
    assertTrue(second.path("nextToken").isMissingNode(), second::toString);
    JsonNode webA = first.path("items").path(1);
    assertEquals(latest, webA.path("latestDeployment").path("deploymentId").asText());
    assertEquals("RUNNING", webA.path("latestDeployment").path("status").asText());
    assertFalse(webA.path("lock").path("locked").asBoolean(true));
    assertTrue(second.path("items").path(0).path("lock").path("locked").asBoolean());
    assertEquals(List.of("web-a", "web-b"), names(get("/stacks", Map.of(), "web-team")));
  }

  @Test
  void getStacks_whenTokenTamperedOrFromAnotherList_then400InvalidNextToken() {
    submit("web-a");
    submit("web-a");
    submit("web-b");
    String stackToken = get("/stacks", Map.of("limit", "1"), "admin").path("nextToken").asText();
    String historyToken =
        get("/stacks/web-a/deployments", Map.of("limit", "1"), "admin").path("nextToken").asText();

    ApiRoutes.Response tampered =
        routes.handle("GET", "/stacks", Map.of("nextToken", stackToken + "x"), null, "admin");
    ApiRoutes.Response foreign =
        routes.handle("GET", "/stacks", Map.of("nextToken", historyToken), null, "admin");

    assertEquals(400, tampered.status());
    assertEquals("INVALID_NEXT_TOKEN", code(tampered));
    assertEquals(400, foreign.status());
    assertEquals("INVALID_NEXT_TOKEN", code(foreign));
  }

  @Test
  void cancel_whenQueued_thenCancelledAndRecorded() {
    String id = submit("web-a");

    ApiRoutes.Response r = routes.handle("POST", "/deployments/" + id + "/cancel", null, null, "web-team");

    assertEquals(200, r.status(), () -> String.valueOf(r.body()));
    assertEquals("CANCELLED", json(r).path("status").asText());
    assertEquals(DeploymentStatus.CANCELLED, history.get(id).orElseThrow().status());
    assertTrue(
        history.get(id).orElseThrow().error().message().contains("cancelled by web-team"),
        history.get(id).orElseThrow().error()::message);
  }

  @Test
  void cancel_whenAwaitingApproval_thenRejectedOnItsTaskTokenAsCancelled() {
    String id = submit("web-a");
    history.transition(id, StatusChange.running(Instant.now()));
    history.transition(id, StatusChange.awaitingApproval(Instant.now(), null, "token-" + id));

    ApiRoutes.Response r = routes.handle("POST", "/deployments/" + id + "/cancel", null, null, "admin");

    assertEquals(200, r.status(), () -> String.valueOf(r.body()));
    assertEquals(List.of("token-" + id + " fogbank.CANCELLED rejected by admin: cancelled by admin"),
        failedTokens);
    assertEquals("REJECTED", history.get(id).orElseThrow().approval().decision());
  }

  @Test
  void cancel_whenRunning_then409NotCancellable_whenUnknown_then404_whenOutsideGrants_then403() {
    String running = submit("web-a");
    history.transition(running, StatusChange.running(Instant.now()));
    String payments = submit("payments");

    ApiRoutes.Response busy =
        routes.handle("POST", "/deployments/" + running + "/cancel", null, null, "admin");
    ApiRoutes.Response unknown =
        routes.handle("POST", "/deployments/d-nope/cancel", null, null, "admin");
    ApiRoutes.Response forbidden =
        routes.handle("POST", "/deployments/" + payments + "/cancel", null, null, "web-team");
    ApiRoutes.Response readOnly =
        routes.handle("POST", "/deployments/" + payments + "/cancel", null, null, "viewer");

    assertEquals(409, busy.status());
    assertEquals("NOT_CANCELLABLE", code(busy));
    assertEquals(DeploymentStatus.RUNNING, history.get(running).orElseThrow().status());
    assertEquals(404, unknown.status());
    assertEquals(403, forbidden.status());
    assertEquals(403, readOnly.status());
    assertEquals(DeploymentStatus.QUEUED, history.get(payments).orElseThrow().status());
  }

  private String submit(String stack) {
    String body =
        Json.mapper().createObjectNode().put("stackName", stack).put("templateBody", TEMPLATE)
            .toString();
    ApiRoutes.Response r = routes.handle("POST", "/deployments", null, body, "admin");
    assertEquals(202, r.status(), () -> String.valueOf(r.body()));
    return json(r).path("deploymentId").asText();
  }

  private JsonNode get(String path, Map<String, String> query, String caller) {
    ApiRoutes.Response r = routes.handle("GET", path, query, null, caller);
    assertEquals(200, r.status(), () -> String.valueOf(r.body()));
    return json(r);
  }

  private static List<String> names(JsonNode page) {
    List<String> names = new ArrayList<>();
    page.path("items").forEach(i -> names.add(i.path("stackName").asText()));
    return names;
  }

  private static JsonNode json(ApiRoutes.Response r) {
    return Json.mapper().valueToTree(r.body());
  }

  private static String code(ApiRoutes.Response r) {
    return json(r).path("error").path("code").asText();
  }
}
