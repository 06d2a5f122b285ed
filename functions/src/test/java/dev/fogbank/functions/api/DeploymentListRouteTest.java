package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.auth.AccessPolicy;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.DynamoDbStackSummaries;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.paging.DynamoDbPageKey;
import dev.fogbank.shared.paging.PageTokens;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code GET /deployments} through the routes over DynamoDB Local: filters, newest-first paging
 * across stacks with signed tokens, and the caller's read grants.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class DeploymentListRouteTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private DynamoDbDeploymentHistory history;
  private ApiRoutes routes;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    DynamoDbPolicyStore policies = DynamoDbPolicyStore.create(dynamoDb, table);
    policies.write(
        AccessPolicy.fromJson(
            """
            {"statements": [
              {"principal": "admin", "stacks": ["*"], "actions": ["admin"]},
              {"principal": "web-team", "stacks": ["web-*"], "actions": ["read"]},
              {"principal": "nobody", "stacks": ["web-*"], "actions": ["unlock"]}
            ]}
            """),
        "test");
    Clock clock = Clock.systemUTC();
    DeploymentIntake intake =
        new DeploymentIntake(
            history, null, null, clock, ACCOUNT, REGION, null, DeploymentOptions.defaults());
    routes =
        new ApiRoutes(intake, history, DynamoDbLockStore.create(dynamoDb, table), ACCOUNT, REGION)
            .withAuthorization(Authorizer.of(() -> policies, Map.of()))
            .withPageTokens(PageTokens.of(new DynamoDbPageKey(dynamoDb, table)))
            .withStackSummaries(
                () -> new DynamoDbStackSummaries(dynamoDb, table, ACCOUNT, REGION, clock));
    // Interleaved in time across three stacks; d-<n> requested n minutes after T0.
    record("d-0", "web-a", DeploymentSource.API, 0);
    record("d-1", "payments", DeploymentSource.DROP, 1);
    record("d-2", "web-b", DeploymentSource.DROP, 2);
    record("d-3", "web-a", DeploymentSource.ROLLBACK, 3);
    record("d-4", "payments", DeploymentSource.API, 4);
    record("d-5", "web-b", DeploymentSource.API, 5);
    record("d-6", "web-a", DeploymentSource.API, 6);
    history.transition("d-6", StatusChange.running(T0.plusSeconds(400)));
  }

  @Test
  void list_whenPagedAcrossStacks_thenEveryDeploymentOnceNewestFirst() {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Map<String, String> query = new HashMap<>(Map.of("limit", "3"));
      if (token != null) {
        query.put("nextToken", token);
      }
      JsonNode page = get(query, "admin");
      seen.addAll(ids(page));
      token = page.path("nextToken").isMissingNode() ? null : page.path("nextToken").asText();
      pages++;
    } while (token != null);

    assertEquals(List.of("d-6", "d-5", "d-4", "d-3", "d-2", "d-1", "d-0"), seen);
    assertEquals(3, pages);
  }

  @Test
  void list_whenFiltered_thenOnlyMatches() {
    assertEquals(List.of("d-6", "d-3", "d-0"), ids(get(Map.of("stack", "web-a"), "admin")));
    assertEquals(List.of("d-6"), ids(get(Map.of("status", "RUNNING"), "admin")));
    assertEquals(List.of("d-2", "d-1"), ids(get(Map.of("source", "drop"), "admin")));
    assertEquals(
        List.of("d-3", "d-2", "d-1"), ids(get(Map.of("source", "drop,rollback"), "admin")));
    assertEquals(
        List.of("d-4", "d-3", "d-2"),
        ids(get(Map.of("from", at(2).toString(), "to", at(5).toString()), "admin")));
    assertEquals(
        List.of("d-5"),
        ids(get(Map.of("status", "QUEUED", "source", "api", "stack", "web-b"), "admin")));
  }

  @Test
  void list_whenFilteredAndPaged_thenTokenContinuesTheSameFilter() {
    JsonNode first = get(Map.of("source", "api", "limit", "2"), "admin");
    JsonNode second =
        get(
            Map.of("source", "api", "limit", "2", "nextToken", first.path("nextToken").asText()),
            "admin");

    assertEquals(List.of("d-6", "d-5"), ids(first));
    assertEquals(List.of("d-4", "d-0"), ids(second));
    assertTrue(second.path("nextToken").isMissingNode(), second::toString);
  }

  @Test
  void list_whenReadLimitedCaller_thenOtherStacksNeverAppear_andNamedOneIs403() {
    assertEquals(
        List.of("d-6", "d-5", "d-3", "d-2", "d-0"), ids(get(Map.of(), "web-team")));
    ApiRoutes.Response named =
        routes.handle("GET", "/deployments", Map.of("stack", "payments"), null, "web-team");
    ApiRoutes.Response noRead = routes.handle("GET", "/deployments", Map.of(), null, "nobody");

    assertEquals(403, named.status());
    assertEquals("FORBIDDEN", code(named));
    assertEquals(403, noRead.status());
  }

  @Test
  void list_whenTokenTamperedOrFromOtherFilters_then400InvalidNextToken() {
    String token = get(Map.of("limit", "2"), "admin").path("nextToken").asText();

    ApiRoutes.Response tampered =
        routes.handle("GET", "/deployments", Map.of("nextToken", token + "x"), null, "admin");
    ApiRoutes.Response otherFilter =
        routes.handle(
            "GET", "/deployments", Map.of("nextToken", token, "source", "api"), null, "admin");

    assertEquals("INVALID_NEXT_TOKEN", code(tampered));
    assertEquals(400, tampered.status());
    assertEquals("INVALID_NEXT_TOKEN", code(otherFilter));
  }

  @Test
  void list_whenBadValues_then400InvalidRequestNamingTheAllowedValues() {
    String status = message(bad(Map.of("status", "DONE")));
    String source = message(bad(Map.of("source", "api,ftp")));
    String from = message(bad(Map.of("from", "yesterday")));
    String range = message(bad(Map.of("from", at(5).toString(), "to", at(2).toString())));
    String limit = message(bad(Map.of("limit", "101")));
    ApiRoutes.Response name =
        routes.handle("GET", "/deployments", Map.of("stack", ""), null, "admin");

    assertTrue(status.contains("status 'DONE' is unknown") && status.contains("QUEUED, "), status);
    assertTrue(source.contains("'ftp'") && source.contains("drop, api, rollback"), source);
    assertTrue(from.contains("ISO-8601") && from.contains("'yesterday'"), from);
    assertTrue(range.contains("must be before"), range);
    assertTrue(limit.contains("1 to 100"), limit);
    assertEquals("INVALID_STACK_NAME", code(name));
  }

  private void record(String id, String stack, DeploymentSource source, int minutes) {
    history.append(
        DeploymentRecord.requested(
            id, StackRef.of(ACCOUNT, REGION, stack), source, "admin", "0".repeat(64), "memory:t",
            Map.of(), Map.of(), at(minutes)));
  }

  private static Instant at(int minutes) {
    return T0.plusSeconds(60L * minutes);
  }

  private ApiRoutes.Response bad(Map<String, String> query) {
    ApiRoutes.Response r = routes.handle("GET", "/deployments", query, null, "admin");
    assertEquals(400, r.status(), () -> String.valueOf(r.body()));
    assertEquals("INVALID_REQUEST", code(r));
    return r;
  }

  private JsonNode get(Map<String, String> query, String caller) {
    ApiRoutes.Response r = routes.handle("GET", "/deployments", query, null, caller);
    assertEquals(200, r.status(), () -> String.valueOf(r.body()));
    return json(r);
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("items").forEach(i -> ids.add(i.path("deploymentId").asText()));
    return ids;
  }

  private static JsonNode json(ApiRoutes.Response r) {
    return Json.mapper().valueToTree(r.body());
  }

  private static String code(ApiRoutes.Response r) {
    return json(r).path("error").path("code").asText();
  }

  private static String message(ApiRoutes.Response r) {
    return json(r).path("error").path("message").asText();
  }
}
