package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.api.ApiHandler;
import dev.fogbank.functions.api.ApiRoutes;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The lock routes over the local server's HTTP: DELETE and its {@code force} query reach the same
 * ApiHandler as API Gateway's {@code $default} route, and the bearer-token caller is one holder.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class LocalApiServerLockTest {
  private static final String TOKEN = "local-token";
  private static final StackRef WEB = StackRef.of("123456789012", "us-east-1", "web");

  private final HttpClient http = HttpClient.newHttpClient();
  private DynamoDbLockStore locks;
  private LocalApiServer server;

  @BeforeEach
  void start(DynamoDbClient dynamoDb, @ControlTableName String table) throws Exception {
    locks = DynamoDbLockStore.create(dynamoDb, table);
    ApiRoutes routes =
        ApiRoutes.lazy(
            () -> {
              throw new AssertionError("the lock routes submit nothing");
            },
            () -> DynamoDbDeploymentHistory.create(dynamoDb, table),
            () -> locks,
            "123456789012",
            "us-east-1");
    server = new LocalApiServer(0, new ApiHandler(routes), TOKEN);
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void lock_whenTakenAndReleasedOverHttp_thenTheTokenCallerHoldsAndReleasesIt() throws Exception {
    HttpResponse<String> taken = send("POST", "", "{\"ttlSeconds\": 600, \"reason\": \"freeze\"}");

    assertEquals(200, taken.statusCode(), taken.body());
    assertEquals("manual/local-admin", json(taken).path("owner").asText());
    assertEquals("freeze", locks.read(WEB).orElseThrow().reason());

    HttpResponse<String> released = send("DELETE", "", null);

    assertEquals(200, released.statusCode(), released.body());
    assertTrue(locks.read(WEB).isEmpty());
    HttpResponse<String> again = send("DELETE", "", null);
    assertEquals(404, again.statusCode(), again.body());
  }

  @Test
  void lock_whenForcedOverHttp_thenADeploymentsLockIsRemoved() throws Exception {
    locks.acquire(WEB, "deployment/d-1", "d-1", java.time.Duration.ofMinutes(30));

    HttpResponse<String> plain = send("DELETE", "", null);
    HttpResponse<String> forced = send("DELETE", "?force=true", null);

    assertEquals(409, plain.statusCode(), plain.body());
    assertEquals("LOCKED", json(plain).path("error").path("code").asText());
    assertEquals(200, forced.statusCode(), forced.body());
    assertEquals("d-1", json(forced).path("deploymentId").asText());
    assertTrue(locks.read(WEB).isEmpty());
  }

  private HttpResponse<String> send(String method, String query, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/stacks/web/lock" + query))
            .header("Authorization", "Bearer " + TOKEN)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.mapper().readTree(response.body());
  }
}
