package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.fogbank.shared.auth.AccessPolicy;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.notify.CachedWebhookUrls;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.DynamoDbFailedNotifications;
import dev.fogbank.shared.notify.DynamoDbNotificationChannels;
import dev.fogbank.shared.notify.NotificationDispatcher;
import dev.fogbank.shared.notify.SlackMessageRenderer;
import dev.fogbank.shared.notify.WebhookPoster;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The notification routes over ApiRoutes with the real authorizer and stores on DynamoDB Local,
 * and a local HTTP server as the channels' webhooks (it answers 200, or 404 for /gone).
 */
@ExtendWith(DynamoDbLocalExtension.class)
class NotificationRoutesTest {
  private static final String ADMIN = "arn:aws:iam::111122223333:role/platform-admin";
  private static final String AUDITOR = "arn:aws:iam::111122223333:user/auditor";
  private static final String WEB_ONLY = "arn:aws:iam::111122223333:user/web-dev";

  private final Map<String, URI> secrets = new HashMap<>();
  private final List<String> posted = Collections.synchronizedList(new ArrayList<>());
  private HttpServer slack;
  private ApiRoutes routes;
  private NotificationDispatcher dispatcher;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) throws Exception {
    slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    slack.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String path = exchange.getRequestURI().getPath();
          posted.add(path);
          int status = path.equals("/gone") ? 404 : 200;
          byte[] body = (status == 200 ? "ok" : "no_service").getBytes();
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    slack.start();
    secrets.put("hooks/ops", hook("/ops"));
    secrets.put("hooks/web", hook("/web"));
    DynamoDbPolicyStore policies = DynamoDbPolicyStore.create(dynamoDb, table);
    policies.write(
        AccessPolicy.fromJson(
            """
            {"statements": [
              {"principal": "%s", "stacks": ["*"], "actions": ["admin"]},
              {"principal": "%s", "stacks": ["*"], "actions": ["read"]},
              {"principal": "%s", "stacks": ["web"], "actions": ["read"]}
            ]}
            """
                .formatted(ADMIN, AUDITOR, WEB_ONLY)),
        "bootstrap");
    Clock clock = Clock.systemUTC();
    dispatcher =
        new NotificationDispatcher(
            new DynamoDbNotificationChannels(dynamoDb, table, clock),
            List.of(),
            new CachedWebhookUrls(id -> Optional.ofNullable(secrets.get(id)), clock),
            new WebhookPoster(
                WebhookPoster.defaultClient(), d -> {}, () -> 0.5, System::nanoTime,
                Duration.ZERO),
            new SlackMessageRenderer(),
            new DynamoDbFailedNotifications(dynamoDb, table),
            clock,
            StructuredLog.stderr());
    routes =
        new ApiRoutes(
                null, DynamoDbDeploymentHistory.create(dynamoDb, table),
                DynamoDbLockStore.create(dynamoDb, table), "123456789012", "us-east-1")
            .withNotifications(() -> dispatcher)
            .withAuthorization(Authorizer.of(() -> policies, Map.of()));
  }

  @AfterEach
  void tearDown() {
    slack.stop(0);
  }

  private URI hook(String path) {
    return URI.create("http://127.0.0.1:" + slack.getAddress().getPort() + path);
  }

  private JsonNode call(int status, String method, String path, Map<String, String> query,
      String body, String caller) throws Exception {
    ApiRoutes.Response r = routes.handle(method, path, query, body, caller);
    JsonNode json = Json.mapper().valueToTree(r.body());
    assertEquals(status, r.status(), json.toString());
    return json;
  }

  private static final String CHANNELS =
      """
      {"channels": [
        {"name": "ops", "secretId": "hooks/ops", "minSeverity": "HIGH"},
        {"name": "web", "secretId": "hooks/web", "types": ["FAILED", "SUCCEEDED"],
         "stacks": ["web", "web-*"]}
      ]}
      """;

  @Test
  void putThenGetChannels_whenAdmin_thenStoredAndShown() throws Exception {
    call(200, "PUT", "/notifications/channels", Map.of(), CHANNELS, ADMIN);

    JsonNode got = call(200, "GET", "/notifications/channels", Map.of(), null, ADMIN);

    assertEquals(2, got.get("channels").size());
    assertEquals("HIGH", got.get("channels").get(0).get("minSeverity").asText());
    assertEquals("LOW", got.get("channels").get(1).get("minSeverity").asText());
    assertEquals("web-*", got.get("channels").get(1).get("stacks").get(1).asText());
  }

  @Test
  void putChannels_whenNotAdminOrBadInput_thenRefusedAndNothingStored() throws Exception {
    JsonNode forbidden = call(403, "PUT", "/notifications/channels", Map.of(), CHANNELS, AUDITOR);
    assertEquals("FORBIDDEN", forbidden.get("error").get("code").asText());
    JsonNode badType =
        call(400, "PUT", "/notifications/channels", Map.of(),
            "{\"channels\":[{\"name\":\"x\",\"secretId\":\"s\",\"types\":[\"EXPLODED\"]}]}",
            ADMIN);
    assertTrue(badType.get("error").get("message").asText().contains("unknown event type"));
    call(400, "PUT", "/notifications/channels", Map.of(),
        "{\"channels\":[{\"name\":\"a b\",\"secretId\":\"s\"}]}", ADMIN);
    call(400, "PUT", "/notifications/channels", Map.of(),
        "{\"channels\":[{\"name\":\"a\",\"secretId\":\"s\"},{\"name\":\"a\",\"secretId\":\"t\"}]}",
        ADMIN);
    call(400, "PUT", "/notifications/channels", Map.of(), "{\"channelz\":[]}", ADMIN);

    assertEquals(0, call(200, "GET", "/notifications/channels", Map.of(), null, ADMIN)
        .get("channels").size());
  }

  @Test
  void test_whenOneChannelsWebhookIsGone_thenPerChannelResults() throws Exception {
    secrets.put("hooks/web", hook("/gone"));
    call(200, "PUT", "/notifications/channels", Map.of(), CHANNELS, ADMIN);

    JsonNode results = call(200, "POST", "/notifications/test", Map.of(), null, ADMIN).get("results");

    assertEquals(true, results.get(0).get("delivered").asBoolean());
    assertEquals(false, results.get(1).get("delivered").asBoolean());
    assertEquals("WEBHOOK_NOT_FOUND", results.get(1).get("code").asText());
    assertEquals(404, results.get(1).get("status").asInt());
    assertEquals(List.of("/ops", "/gone"), posted);
    call(403, "POST", "/notifications/test", Map.of(), null, AUDITOR);
  }

  @Test
  void failedAndRetry_whenWebhookFixed_thenListedPagedThenResentAndRemoved() throws Exception {
    call(200, "PUT", "/notifications/channels", Map.of(), CHANNELS, ADMIN);
    secrets.remove("hooks/ops");
    for (String stack : List.of("web", "payments", "orders")) {
      dispatcher.tryNotify(failedEvent(stack));
    }

    JsonNode first = call(200, "GET", "/notifications/failed", Map.of("limit", "2"), null, AUDITOR);
    assertEquals(2, first.get("items").size());
    String token = first.get("nextToken").asText();
    JsonNode second =
        call(200, "GET", "/notifications/failed", Map.of("limit", "2", "nextToken", token), null,
            AUDITOR);
    assertEquals(1, second.get("items").size());
    assertNull(second.get("nextToken"));
    assertEquals("WEBHOOK_SECRET_MISSING", second.get("items").get(0).get("code").asText());
    call(400, "GET", "/notifications/failed", Map.of("nextToken", token + "x"), null, AUDITOR);
    // A caller who reads only "web" sees only its dead letters.
    JsonNode webOnly = call(200, "GET", "/notifications/failed", Map.of(), null, WEB_ONLY);
    assertEquals(1, webOnly.get("items").size());
    assertEquals("web", webOnly.get("items").get(0).get("stackName").asText());

    String id = second.get("items").get(0).get("id").asText();
    call(403, "POST", "/notifications/failed/" + id + "/retry", Map.of(), null, AUDITOR);
    JsonNode stillMissing =
        call(502, "POST", "/notifications/failed/" + id + "/retry", Map.of(), null, ADMIN);
    assertEquals("WEBHOOK_SECRET_MISSING", stillMissing.get("error").get("code").asText());
    secrets.put("hooks/ops", hook("/ops"));
    JsonNode resent = call(200, "POST", "/notifications/failed/" + id + "/retry", Map.of(), null, ADMIN);
    assertTrue(resent.get("delivered").asBoolean());
    assertEquals(List.of("/web", "/ops"), posted);
    call(404, "POST", "/notifications/failed/" + id + "/retry", Map.of(), null, ADMIN);
    assertEquals(2, call(200, "GET", "/notifications/failed", Map.of(), null, ADMIN).get("items").size());
  }

  @Test
  void retry_whenUnknownId_then404() throws Exception {
    JsonNode answer =
        call(404, "POST", "/notifications/failed/nf-0000000000001-abcdef01/retry", Map.of(), null,
            ADMIN);
    assertEquals("NOT_FOUND", answer.get("error").get("code").asText());
    assertNotNull(answer.get("error").get("message"));
  }

  private static DeploymentEvent failedEvent(String stack) {
    return new DeploymentEvent(
        DeploymentEvent.Kind.FAILED, "d-" + stack, stack, "123456789012", "us-east-1", "api",
        "alice", Instant.now(), 1L, null,
        new dev.fogbank.shared.deploy.DeploymentError("STACK_FAILED", "broke"),
        null,
        null);
  }

}
