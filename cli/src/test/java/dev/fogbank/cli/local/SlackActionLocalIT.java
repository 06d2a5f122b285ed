package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.notify.SlackAction;
import dev.fogbank.shared.notify.SlackActionTest;
import dev.fogbank.shared.notify.SlackSignature;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slack buttons end to end through the local runtime: the approval request posted to the
 * webhook carries Approve/Reject with the deployment id; a press signed with the signing secret
 * in {@code <data-dir>/slack-signing-secret} (no bearer token) approves, one signed with another
 * secret is refused and changes nothing.
 */
@ExtendWith(AwsEndpointExtension.class)
class SlackActionLocalIT {
  private static final String TOKEN = "test-token-slack";
  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  @TempDir Path tmp;
  SlackWebhookStub slack;
  LocalControlPlane plane;
  LocalRuntimeClient client;
  URI url;

  @BeforeEach
  void start(AwsEndpoint endpoint) throws IOException {
    slack = new SlackWebhookStub();
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve(LocalSigningSecret.FILE_NAME), SECRET + "\n");
    plane =
        new LocalControlPlane(
            new LocalConfig(
                0,
                tmp.resolve("drop"),
                data,
                endpoint.endpoint().toString(),
                endpoint.region(),
                slack.url(),
                TOKEN,
                "123456789012",
                DeploymentOptions.defaults().withPolls(1, 1),
                50,
                1_000));
    url = plane.start();
    client = new LocalRuntimeClient(url, TOKEN);
  }

  @AfterEach
  void stop() {
    if (plane != null) {
      plane.close();
    }
    slack.close();
  }

  @Test
  @DisplayName(
      "Approve pressed in Slack resumes the deployment as the Slack user; a forgery does not")
  void slackApprove_whenSigned_thenSucceedsApprovedByTheSlackUser() throws Exception {
    String stack = "orders-slack";
    JsonNode first =
        client.awaitStatus(
            deploy(stack, ReviewApprovalLocalIT.TABLE_V1),
            ReviewApprovalLocalIT.ENDED,
            ReviewApprovalLocalIT.WAIT);
    assertEquals("SUCCEEDED", first.path("status").asText(), first::toString);
    String id = deploy(stack, ReviewApprovalLocalIT.TABLE_V2);
    client.awaitStatus(id, Set.of("AWAITING_APPROVAL"), ReviewApprovalLocalIT.WAIT);
    assertEquals(
        200,
        send("PUT", "/policy",
            "{\"statements\": [{\"principal\": \"slack:T0FOG/U0ALICE\", \"stacks\": [\"orders-*\"],"
                + " \"actions\": [\"approve\"]}]}",
            "Bearer " + TOKEN, null, null).statusCode());
    String button = approveButtonValue(id);
    assertEquals(id, button, "the approval request's Approve button carries the deployment id");

    String body =
        SlackActionTest.form(
            SlackActionTest.payload(SlackAction.APPROVE, button, "T0FOG", "U0ALICE"));
    String ts = String.valueOf(Instant.now().getEpochSecond());
    HttpResponse<String> forged =
        send("POST", "/slack/actions", body, null, ts,
            SlackSignature.sign("wrong", ts, bytes(body)));
    assertEquals(401, forged.statusCode(), forged.body());
    assertEquals(
        "AWAITING_APPROVAL",
        client.get("/deployments/" + id).body().path("status").asText(),
        "a forged press changes nothing");

    HttpResponse<String> pressed =
        send("POST", "/slack/actions", body, null, ts,
            SlackSignature.sign(SECRET, ts, bytes(body)));
    assertEquals(200, pressed.statusCode(), pressed.body());
    JsonNode done = client.awaitStatus(id, ReviewApprovalLocalIT.ENDED, ReviewApprovalLocalIT.WAIT);

    assertEquals("SUCCEEDED", done.path("status").asText(), done::toString);
    assertEquals("APPROVED", done.path("approval").path("decision").asText());
    assertEquals("slack:T0FOG/U0ALICE", done.path("approval").path("by").asText());
    assertEquals("approved in Slack by @alice", done.path("approval").path("reason").asText());
  }

  /** The value of the Approve button in the approval request Slack was sent for {@code id}. */
  private String approveButtonValue(String id) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode message : slack.messages()) {
        for (JsonNode block : message.path("blocks")) {
          for (JsonNode element : block.path("elements")) {
            if (SlackAction.APPROVE.equals(element.path("action_id").asText())
                && id.equals(element.path("value").asText())) {
              return element.path("value").asText();
            }
          }
        }
      }
      LocalRuntimeClient.sleep(50);
    }
    return "no Approve button for " + id + " in " + slack.messages();
  }

  private String deploy(String stack, String template) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("stackName", stack);
    body.put("templateBody", template);
    LocalRuntimeClient.Answer a = client.post("/deployments", body.toString());
    assertEquals(202, a.status(), () -> "POST /deployments: " + a.body());
    return a.body().path("deploymentId").asText();
  }

  private HttpResponse<String> send(
      String method, String path, String body, String authorization, String ts, String signature)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url.resolve(path))
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (ts != null) {
      request
          .header("Content-Type", "application/x-www-form-urlencoded")
          .header(SlackSignature.TIMESTAMP_HEADER, ts)
          .header(SlackSignature.SIGNATURE_HEADER, signature);
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(response.statusCode() > 0);
      return response;
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
