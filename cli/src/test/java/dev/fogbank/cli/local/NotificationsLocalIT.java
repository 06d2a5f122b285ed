package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's "a failed deployment produces exactly one Slack message", tried as a user would:
 * through the local runtime's HTTP API with {@code --slack-webhook} pointing at a local stand-in
 * for Slack; then routing, the test message and dead letters through the same API, with a
 * channel's webhook in {@code <data dir>/webhooks.properties}.
 */
@ExtendWith(AwsEndpointExtension.class)
class NotificationsLocalIT {
  private static final Duration WAIT = LocalControlPlaneIT.WAIT;
  private static final String TOKEN = LocalControlPlaneIT.TOKEN;

  @TempDir Path tmp;
  private SlackWebhookStub slack;
  private LocalControlPlane plane;
  private LocalRuntimeClient client;

  @BeforeEach
  void start(AwsEndpoint aws) throws IOException {
    slack = new SlackWebhookStub();
    LocalConfig config =
        new LocalConfig(
            0,
            tmp.resolve("drop"),
            tmp.resolve("data"),
            aws.endpoint().toString(),
            aws.region(),
            slack.url(),
            TOKEN,
            "123456789012",
            DeploymentOptions.defaults().withPolls(1, 1),
            50,
            1_000);
    plane = new LocalControlPlane(config);
    client = new LocalRuntimeClient(plane.start(), TOKEN);
  }

  @AfterEach
  void stop() {
    if (plane != null) {
      plane.close();
    }
    slack.close();
  }

  private String deploy(String stack, String template) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("stackName", stack);
    body.put("templateBody", template);
    LocalRuntimeClient.Answer a = client.post("/deployments", body.toString());
    assertEquals(202, a.status(), () -> "POST /deployments: " + a.body());
    return a.body().path("deploymentId").asText();
  }

  private JsonNode awaitFailed(int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode items = client.get("/notifications/failed").body().path("items");
    while (items.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(50);
      items = client.get("/notifications/failed").body().path("items");
    }
    return items;
  }

  @Test
  void failedDeployment_sendsExactlyOneFailureMessage() throws Exception {
    String id = deploy("broken", "Resources: [unclosed\n");
    JsonNode failed = client.awaitStatus(id, LocalControlPlaneIT.ENDED, WAIT);
    assertEquals("FAILED", failed.path("status").asText(), failed::toString);

    slack.awaitText(t -> t.contains("deployment failed"), WAIT);
    Thread.sleep(2_000); // anything late (a second announcement) would arrive by now
    List<String> failures =
        slack.texts().stream().filter(t -> t.contains("deployment failed")).toList();
    assertEquals(1, failures.size(), slack.texts()::toString);
    assertTrue(failures.getFirst().contains(id), failures::toString);
    assertTrue(failures.getFirst().contains("TEMPLATE_INVALID"), failures::toString);
    assertEquals(
        0, client.get("/notifications/failed").body().path("items").size(), "nothing failed");
  }

  @Test
  void channels_routeTestAndDeadLetterThroughTheApi() throws Exception {
    Files.writeString(
        tmp.resolve("data").resolve(LocalWebhookUrls.FILE_NAME),
        "hooks/ops=" + slack.url() + "\n");
    String channels =
        """
        {"channels": [
          {"name": "ops", "secretId": "hooks/ops", "types": ["FAILED"]},
          {"name": "nowhere", "secretId": "hooks/missing", "types": ["FAILED"]}
        ]}
        """;
    LocalRuntimeClient.Answer put = client.put("/notifications/channels", channels);
    assertEquals(200, put.status(), put.body()::toString);

    JsonNode results = client.post("/notifications/test", "").body().path("results");
    assertTrue(results.get(0).path("delivered").asBoolean(), results::toString);
    assertEquals("WEBHOOK_SECRET_MISSING", results.get(1).path("code").asText());
    assertTrue(slack.awaitText(t -> t.contains("test message"), WAIT).size() >= 1);

    String id = deploy("broken-2", "Resources: [unclosed\n");
    client.awaitStatus(id, LocalControlPlaneIT.ENDED, WAIT);
    slack.awaitText(t -> t.contains(id), WAIT);
    // The dead letter is written after the ops channel got its message: wait for it.
    JsonNode dead = awaitFailed(1);
    assertEquals(1, dead.size(), dead::toString);
    assertEquals("nowhere", dead.get(0).path("channel").asText());
    assertEquals("WEBHOOK_SECRET_MISSING", dead.get(0).path("code").asText());
    assertTrue(dead.get(0).path("message").asText().contains("hooks/missing"), dead::toString);

    // The operator adds the missing webhook and re-sends it.
    Files.writeString(
        tmp.resolve("data").resolve(LocalWebhookUrls.FILE_NAME),
        "hooks/ops=" + slack.url() + "\nhooks/missing=" + slack.url() + "\n");
    LocalRuntimeClient.Answer retried =
        client.post("/notifications/failed/" + dead.get(0).path("id").asText() + "/retry", "");
    assertEquals(200, retried.status(), retried.body()::toString);
    assertEquals(0, client.get("/notifications/failed").body().path("items").size());
    long copies = slack.texts().stream().filter(t -> t.contains(id)).count();
    assertEquals(2, copies, "ops at once, nowhere on retry: " + slack.texts());
  }
}
