package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.api.ApiHandler;
import dev.fogbank.functions.api.ApiRoutes;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.execution.ExecutionStarter;
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
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local server hands the request's headers to the same ApiHandler as API Gateway does: an
 * {@code Idempotency-Key} sent over HTTP, in whatever case, names one deployment.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class LocalApiServerIdempotencyTest {
  private static final String TOKEN = "local-token";
  private static final String BODY =
      "{\"stackName\":\"web\",\"templateBody\":\"Resources: {}\",\"parameters\":{\"Team\":\"a\"}}";

  private final HttpClient http = HttpClient.newHttpClient();
  private DynamoDbDeploymentHistory history;
  private LocalApiServer server;

  @BeforeEach
  void start(DynamoDbClient dynamoDb, @ControlTableName String table, @TempDir Path dataDir)
      throws Exception {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    ExecutionStarter started = (name, input) -> new ExecutionStarter.StartedExecution(name, false);
    DeploymentIntake intake =
        new DeploymentIntake(
            history,
            FileTemplateStore.create(dataDir),
            started,
            Clock.systemUTC(),
            "123456789012",
            "us-east-1",
            null,
            DeploymentOptions.defaults());
    ApiRoutes routes =
        new ApiRoutes(
            intake, history, DynamoDbLockStore.create(dynamoDb, table), "123456789012",
            "us-east-1");
    server = new LocalApiServer(0, new ApiHandler(routes), TOKEN);
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void postDeployments_whenSameKeyInAnyCaseOverHttp_thenOneDeploymentAndAnotherBodyIs409()
      throws Exception {
    HttpResponse<String> first = post(BODY, "Idempotency-Key", "run-7");
    HttpResponse<String> again = post(BODY, "IDEMPOTENCY-KEY", "run-7");
    HttpResponse<String> other = post(BODY.replace("\"a\"", "\"b\""), "idempotency-key", "run-7");

    assertEquals(202, first.statusCode(), first.body());
    assertEquals(202, again.statusCode(), again.body());
    String id = json(first).path("deploymentId").asText();
    assertEquals(id, json(again).path("deploymentId").asText());
    assertEquals(409, other.statusCode(), other.body());
    assertEquals("IDEMPOTENCY_KEY_REUSED", json(other).path("error").path("code").asText());
    assertEquals(
        1,
        history.list(StackRef.of("123456789012", "us-east-1", "web"), 10, null).items().size());
  }

  private HttpResponse<String> post(String body, String header, String key) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/deployments"))
            .header("Authorization", "Bearer " + TOKEN)
            .header(header, key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.mapper().readTree(response.body());
  }
}
