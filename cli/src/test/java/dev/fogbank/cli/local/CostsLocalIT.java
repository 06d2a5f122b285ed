package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cost scans as a new user tries them through {@code fogbank local}: Cost Explorer results injected
 * into the emulator (moto's /moto-api/static/ce/cost-and-usage-results), {@code POST /cost-scans},
 * then {@code GET /costs}; Slack is a local webhook.
 */
@ExtendWith(AwsEndpointExtension.class)
class CostsLocalIT {
  static final String TOKEN = "test-token-costs";

  @TempDir Path tmp;
  SlackWebhookStub slack;
  LocalControlPlane plane;
  LocalRuntimeClient client;

  @AfterEach
  void stop() {
    if (plane != null) {
      plane.close();
    }
    if (slack != null) {
      slack.close();
    }
  }

  /** orders: $2 a day for 20 days, then $40 yesterday; web: $1 a day. One page. */
  static String results(LocalDate yesterday) {
    List<String> days = new ArrayList<>();
    for (int back = 20; back >= 0; back--) {
      LocalDate day = yesterday.minusDays(back);
      String orders = back == 0 ? "40" : "2";
      days.add(
          "{\"TimePeriod\": {\"Start\": \"" + day + "\", \"End\": \"" + day.plusDays(1) + "\"},"
              + " \"Estimated\": false, \"Total\": {}, \"Groups\": ["
              + group("orders", orders) + "," + group("web", "1") + "]}");
    }
    return "{\"results\": [{\"ResultsByTime\": [" + String.join(",", days)
        + "], \"DimensionValueAttributes\": []}]}";
  }

  private static String group(String stack, String amount) {
    return "{\"Keys\": [\"aws:cloudformation:stack-name$" + stack + "\"], \"Metrics\":"
        + " {\"UnblendedCost\": {\"Amount\": \"" + amount + "\", \"Unit\": \"USD\"}}}";
  }

  @Test
  @DisplayName(
      "POST /cost-scans then GET /costs?stack= shows the series and the planted anomaly; Slack"
          + " gets one anomaly message, and a second scan does not alert again")
  void costScan_thenSeriesAnomalyAndOneSlackMessage(AwsEndpoint endpoint) throws Exception {
    assumeTrue(endpoint.kind() == AwsEndpoint.Kind.MOTO, "results are injected through moto's API");
    LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    queue(endpoint, results(yesterday));
    start(endpoint);

    LocalRuntimeClient.Answer scan = client.post("/cost-scans", "{}");

    assertEquals(200, scan.status(), scan.body()::toString);
    assertEquals(1, scan.body().path("requests").asInt(), scan.body()::toString);
    assertEquals(1, scan.body().path("newAnomalies").asInt(), scan.body()::toString);

    LocalRuntimeClient.Answer costs = client.get("/costs?stack=orders");
    assertEquals(200, costs.status(), costs.body()::toString);
    JsonNode report = costs.body();
    JsonNode days = report.path("days");
    assertEquals(21, days.size(), report::toString);
    assertEquals("40", days.get(days.size() - 1).path("amount").asText(), report::toString);
    assertEquals(1, report.path("anomalies").size(), report::toString);
    assertEquals(yesterday.toString(), report.path("anomalies").get(0).path("day").asText());

    var csv = client.getAccepting("/costs?stack=orders", "text/csv");
    assertEquals(200, csv.statusCode(), csv::body);
    assertEquals("text/csv; charset=utf-8", csv.headers().firstValue("Content-Type").orElse(""));
    String[] rows = csv.body().split("\r\n");
    assertEquals("date,stack,amount,currency,anomaly", rows[0]);
    assertEquals(22, rows.length, csv::body);
    assertEquals(yesterday + ",orders,40,USD,true", rows[21]);
    String scanId = scan.body().path("scanId").asText();
    LocalRuntimeClient.Answer kept = client.get("/cost-scans/" + scanId);
    assertEquals("SUCCEEDED", kept.body().path("status").asText(), kept.body()::toString);
    assertEquals(1, kept.body().path("requests").asInt(), kept.body()::toString);

    LocalRuntimeClient.Answer all = client.get("/costs");
    assertEquals("orders", all.body().path("stacks").get(0).path("stack").asText(), all::toString);

    assertEquals(1, anomalyMessages(), () -> slack.texts().toString());
    LocalRuntimeClient.Answer again = client.post("/cost-scans", "{}");
    assertEquals(0, again.body().path("newAnomalies").asInt(), again.body()::toString);
    assertEquals(1, anomalyMessages(), () -> slack.texts().toString());
  }

  @Test
  void getCosts_whenFromAfterTo_thenInvalidRequest(AwsEndpoint endpoint) throws Exception {
    start(endpoint);

    LocalRuntimeClient.Answer a = client.get("/costs?stack=orders&from=2026-11-10&to=2026-11-01");

    assertEquals(400, a.status());
    assertEquals("INVALID_REQUEST", a.body().path("error").path("code").asText());
  }

  private long anomalyMessages() throws InterruptedException {
    for (int i = 0; i < 40 && slack.texts().isEmpty(); i++) {
      Thread.sleep(50);
    }
    return slack.texts().stream().filter(t -> t.contains("cost anomaly")).count();
  }

  private void start(AwsEndpoint endpoint) throws IOException {
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
            DeploymentOptions.defaults(),
            50,
            1_000);
    plane = new LocalControlPlane(config);
    client = new LocalRuntimeClient(plane.start(), TOKEN);
  }

  private static void queue(AwsEndpoint aws, String json) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(aws.endpoint() + "/moto-api/static/ce/cost-and-usage-results"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(201, response.statusCode(), response.body());
  }
}
