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
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /metrics of the local runtime moves with real deployments on the emulator: one deployment,
 * one approved change, and the counters and histograms say so.
 */
@ExtendWith(AwsEndpointExtension.class)
class MetricsLocalIT {
  static final String TOKEN = "test-token-metrics";

  @TempDir Path tmp;
  SlackWebhookStub slack;
  LocalControlPlane plane;
  LocalRuntimeClient client;

  @BeforeEach
  void start(AwsEndpoint endpoint) throws IOException {
    slack = new SlackWebhookStub();
    LocalConfig config =
        new LocalConfig(
            0,
            tmp.resolve("drop"),
            tmp.resolve("data"),
            endpoint.endpoint().toString(),
            endpoint.region(),
            slack.url(),
            TOKEN,
            "123456789012",
            DeploymentOptions.defaults().withPolls(1, 1),
            50,
            1_000);
    plane = new LocalControlPlane(config);
    URI url = plane.start();
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
      "a deployment and an approved change move fogbank_deployments_total, lock wait, review"
          + " time and approval wait in GET /metrics")
  void metrics_whenDeploymentsRun_thenCountersMove() throws Exception {
    String before = scrape();
    assertEquals(0.0, value(before, "fogbank_deployments_total{outcome=\"SUCCEEDED\"}"));

    String stack = "orders-metrics";
    JsonNode first =
        client.awaitStatus(
            deploy(stack, ReviewApprovalLocalIT.TABLE_V1),
            ReviewApprovalLocalIT.ENDED,
            ReviewApprovalLocalIT.WAIT);
    assertEquals("SUCCEEDED", first.path("status").asText(), first::toString);
    String id = deploy(stack, ReviewApprovalLocalIT.TABLE_V2);
    client.awaitStatus(id, java.util.Set.of("AWAITING_APPROVAL"), ReviewApprovalLocalIT.WAIT);
    assertEquals(200, client.post("/deployments/" + id + "/approve", "{}").status());
    JsonNode second =
        client.awaitStatus(id, ReviewApprovalLocalIT.ENDED, ReviewApprovalLocalIT.WAIT);
    assertEquals("SUCCEEDED", second.path("status").asText(), second::toString);

    String after = scrape();
    assertEquals(2.0, value(after, "fogbank_deployments_total{outcome=\"SUCCEEDED\"}"), after);
    assertEquals(
        2.0, value(after, "fogbank_deployment_duration_seconds_count{outcome=\"SUCCEEDED\"}"));
    assertEquals(2.0, value(after, "fogbank_lock_wait_seconds_count{function=\"local\"}"));
    assertEquals(2.0, value(after, "fogbank_review_time_seconds_count{function=\"local\"}"));
    assertEquals(1.0, value(after, "fogbank_approval_wait_seconds_count{outcome=\"APPROVED\"}"));
    assertTrue(value(after, "fogbank_approval_wait_seconds_sum{outcome=\"APPROVED\"}") > 0);
    assertTrue(!after.contains(stack), "stack names are not labels");
  }

  @Test
  void metrics_whenNoToken_then401() {
    assertEquals(401, client.getWithoutToken("/metrics").status());
  }

  private String scrape() throws Exception {
    HttpResponse<String> answer = client.getAccepting("/metrics", "text/plain");
    assertEquals(200, answer.statusCode(), answer.body());
    assertTrue(
        answer.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
        answer.headers().toString());
    return answer.body();
  }

  /** The sample's value; 0 when the series is not there yet (no point recorded). */
  private static double value(String text, String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
  }

  private String deploy(String stack, String template) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("stackName", stack);
    body.put("templateBody", template);
    LocalRuntimeClient.Answer a = client.post("/deployments", body.toString());
    assertEquals(202, a.status(), () -> "POST /deployments: " + a.body());
    return a.body().path("deploymentId").asText();
  }
}
