package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.auth.AccessPolicy;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.digest.Sha256;
import dev.fogbank.shared.error.NotFoundException;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.DynamoDbStackSummaries;
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
 * {@code GET /audit} through the routes over DynamoDB Local: what each change did against the
 * deployment before it (parameters, tags, template lines), rollbacks, filters, paging, read
 * grants, and the CSV and HTML forms.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class AuditRoutesTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final String V1 = "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n";
  private static final String V2 =
      "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n"
          + "      BucketName: b\n  Queue:\n    Type: AWS::SQS::Queue\n";

  private final Map<String, byte[]> bodies = new HashMap<>();
  private final TemplateStore templates =
      new TemplateStore() {
        @Override
        public StoredTemplate put(byte[] body) {
          String sha256 = Sha256.hex(body);
          bodies.put(sha256, body.clone());
          return new StoredTemplate(sha256, "memory:" + sha256, null);
        }

        @Override
        public byte[] get(String location) {
          byte[] body = bodies.get(location.substring("memory:".length()));
          if (body == null) {
            throw new NotFoundException("template " + location + " does not exist");
          }
          return body.clone();
        }
      };
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
                () -> new DynamoDbStackSummaries(dynamoDb, table, ACCOUNT, REGION, clock))
            .withAudit(() -> templates);
    // web-a: a-0 creates (v1), a-1 fails (v2), a-2 changes (v2, Size 2, tag added), a-3 rolls
    // back to a-0's template and parameters. payments: p-0 by someone else.
    deploy("a-0", "web-a", "alice", DeploymentSource.API, V1, Map.of("Size", "1"), Map.of(), 0);
    history.transition("a-0", StatusChange.succeeded(at(1), new ChangeSummary(1, 0, 0)));
    deploy("a-1", "web-a", "bob", DeploymentSource.DROP, V2, Map.of("Size", "1"), Map.of(), 2);
    history.transition(
        "a-1", StatusChange.failed(at(3), new DeploymentError("STACK_FAILED", "Queue <failed>")));
    deploy("a-2", "web-a", "alice", DeploymentSource.API, V2, Map.of("Size", "2"),
        Map.of("team", "web"), 4);
    history.transition("a-2", StatusChange.succeeded(at(5), new ChangeSummary(1, 1, 0)));
    deploy("a-3", "web-a", "alice", DeploymentSource.ROLLBACK, V1, Map.of("Size", "1"), Map.of(),
        6);
    history.transition("a-3", StatusChange.succeeded(at(7), new ChangeSummary(0, 1, 1)));
    deploy("p-0", "payments", "carol", DeploymentSource.API, V1, Map.of(), Map.of(), 8);
  }

  @Test
  void audit_whenStackHasChanges_thenEachAgainstTheDeploymentBeforeIt() {
    JsonNode items = get(Map.of("stack", "web-a"), "admin").path("items");

    assertEquals(List.of("a-3", "a-2", "a-1", "a-0"), ids(items));
    JsonNode rollback = items.get(0);
    assertEquals("rollback", rollback.path("source").asText());
    assertEquals("a-2", rollback.path("against").asText());
    assertEquals("a-0", rollback.path("rollback").path("restores").asText());
    assertEquals("changed", rollback.path("template").path("status").asText());
    assertEquals(0, rollback.path("template").path("linesAdded").asInt());
    assertEquals(4, rollback.path("template").path("linesRemoved").asInt());
    assertEquals("Size", rollback.path("parameters").get(0).path("name").asText());
    assertEquals("2", rollback.path("parameters").get(0).path("before").asText());
    assertEquals("1", rollback.path("parameters").get(0).path("after").asText());
    assertEquals("web", rollback.path("tags").get(0).path("before").asText());
    assertTrue(absent(rollback.path("tags").get(0).path("after")));

    JsonNode change = items.get(1);
    // The failed a-1 deployed nothing: a-2 is compared with a-0.
    assertEquals("a-0", change.path("against").asText());
    assertEquals(4, change.path("template").path("linesAdded").asInt());
    assertEquals(0, change.path("template").path("linesRemoved").asInt());
    assertEquals("alice", change.path("requester").asText());
    assertEquals(1, change.path("changeSummary").path("modifies").asInt());
    assertTrue(absent(change.path("rollback")));

    JsonNode failed = items.get(2);
    assertEquals("FAILED", failed.path("status").asText());
    assertEquals("STACK_FAILED", failed.path("errorCode").asText());
    assertEquals("drop", failed.path("source").asText());
    assertEquals(0, failed.path("parameters").size());

    JsonNode first = items.get(3);
    assertEquals("new", first.path("template").path("status").asText());
    assertTrue(absent(first.path("against")));
    assertTrue(absent(first.path("parameters").get(0).path("before")));
  }

  @Test
  void audit_whenFilteredByRequesterStatusAndDates_thenOnlyThoseChanges() {
    assertEquals(
        List.of("a-3", "a-2", "a-0"), ids(get(Map.of("requester", "alice"), "admin").path("items")));
    assertEquals(
        List.of("a-1"), ids(get(Map.of("status", "FAILED"), "admin").path("items")));
    assertEquals(
        List.of("a-2", "a-1"),
        ids(get(Map.of("from", at(2).toString(), "to", at(6).toString()), "admin")
            .path("items")));
  }

  @Test
  void audit_whenPaged_thenEveryChangeOnceAndTheTokenKeepsTheRequester() {
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      Map<String, String> query = new HashMap<>(Map.of("limit", "2", "requester", "alice"));
      if (token != null) {
        query.put("nextToken", token);
      }
      JsonNode page = get(query, "admin");
      seen.addAll(ids(page.path("items")));
      token = page.path("nextToken").isMissingNode() ? null : page.path("nextToken").asText();
      if (token != null) {
        Map<String, String> other = Map.of("nextToken", token, "requester", "bob");
        assertEquals("INVALID_NEXT_TOKEN", code(routes.handle("GET", "/audit", other, null,
            "admin")));
      }
    } while (token != null);

    assertEquals(List.of("a-3", "a-2", "a-0"), seen);
  }

  @Test
  void audit_whenReadLimited_thenOtherStacksLeftOut_andNamedOneIs403() {
    assertEquals(
        List.of("a-3", "a-2", "a-1", "a-0"), ids(get(Map.of(), "web-team").path("items")));
    assertEquals(
        403,
        routes.handle("GET", "/audit", Map.of("stack", "payments"), null, "web-team").status());
    assertEquals(403, routes.handle("GET", "/audit", Map.of(), null, "nobody").status());
    assertEquals(401, routes.handle("GET", "/audit", Map.of(), null, null).status());
  }

  @Test
  void audit_whenBadDatesOrValues_then400() {
    for (Map<String, String> query :
        List.of(
            Map.of("from", "yesterday"),
            Map.of("to", "2026-13-01T00:00:00Z"),
            Map.of("from", at(5).toString(), "to", at(1).toString()),
            Map.of("status", "DONE"),
            Map.of("requester", ""),
            Map.of("limit", "0"))) {
      ApiRoutes.Response r = routes.handle("GET", "/audit", query, null, "admin");
      assertEquals(400, r.status(), query::toString);
      assertEquals("INVALID_REQUEST", code(r), query::toString);
    }
    assertEquals(405, routes.handle("POST", "/audit", Map.of(), "{}", "admin").status());
  }

  @Test
  void audit_whenCsvAccepted_thenOneQuotedRowPerChangeAndTheNextTokenInAHeader() {
    ApiRoutes.Response r =
        routes.handle("GET", "/audit", Map.of("stack", "web-a", "limit", "3"), null, "admin",
            Map.of("accept", "text/csv"));

    assertEquals(200, r.status());
    assertEquals(Csv.CONTENT_TYPE, r.contentType());
    String[] lines = ((String) r.body()).split("\r\n");
    assertEquals(String.join(",", AuditCsv.HEADER), lines[0]);
    assertEquals(4, lines.length);
    assertTrue(lines[1].contains(",a-3,alice,rollback,SUCCEEDED,"), lines[1]);
    assertTrue(lines[1].endsWith(",Size: 2 -> 1,team: web -> (none),a-0"), lines[1]);
    assertTrue(lines[3].contains(",FAILED,STACK_FAILED,"), lines[3]);
    assertTrue(r.headers().containsKey(ApiRoutes.Response.NEXT_TOKEN_HEADER));
  }

  @Test
  void audit_whenHtmlAccepted_thenAPrintablePageWithEveryValueEscaped() {
    deploy("x-0", "web-x", "<script>alert(1)</script>", DeploymentSource.API, V1,
        Map.of("Name", "\"><img src=x onerror=alert(1)>"), Map.of(), 9);
    ApiRoutes.Response r =
        routes.handle("GET", "/audit", Map.of("stack", "web-x"), null, "admin",
            Map.of("Accept", "text/html,application/xhtml+xml"));

    assertEquals(200, r.status());
    assertEquals(AuditRoutes.HTML, r.contentType());
    String page = (String) r.body();
    assertTrue(page.startsWith("<!DOCTYPE html>"), page);
    assertTrue(page.contains("<tr id=\"x-0\">"), page);
    assertFalse(page.contains("<script>"), page);
    assertFalse(page.contains("<img"), page);
    assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page);
    assertTrue(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), page);
  }

  private void deploy(
      String id, String stack, String who, DeploymentSource source, String template,
      Map<String, String> parameters, Map<String, String> tags, int minutes) {
    TemplateStore.StoredTemplate stored = templates.put(template.getBytes(StandardCharsets.UTF_8));
    history.append(
        DeploymentRecord.requested(
            id, StackRef.of(ACCOUNT, REGION, stack), source, who, stored.sha256(),
            stored.location(), parameters, tags, at(minutes)));
  }

  private static Instant at(int minutes) {
    return T0.plusSeconds(60L * minutes);
  }

  private JsonNode get(Map<String, String> query, String caller) {
    ApiRoutes.Response r = routes.handle("GET", "/audit", query, null, caller);
    assertEquals(200, r.status(), () -> String.valueOf(r.body()));
    return Json.mapper().valueToTree(r.body());
  }

  private static List<String> ids(JsonNode items) {
    List<String> ids = new ArrayList<>();
    items.forEach(i -> ids.add(i.path("deploymentId").asText()));
    return ids;
  }

  /** The API leaves null fields out. */
  private static boolean absent(JsonNode node) {
    return node.isMissingNode() || node.isNull();
  }

  private static String code(ApiRoutes.Response r) {
    return Json.mapper().valueToTree(r.body()).path("error").path("code").asText();
  }
}
