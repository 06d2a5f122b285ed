package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.cost.CostScan;
import dev.fogbank.shared.cost.CostAnomalyRule;
import dev.fogbank.shared.cost.DailyCosts;
import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.review.ReviewReport;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import dev.fogbank.shared.testing.InMemoryCostLedger;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code GET /costs?stack=} shows the actual cost the scans recorded beside the estimate made when
 * the stack's template was deployed, read from the history on DynamoDB Local.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class CostEstimateBesideActualTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);

  private DynamoDbDeploymentHistory history;
  private ApiRoutes routes;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    InMemoryCostLedger ledger = new InMemoryCostLedger();
    routes =
        new ApiRoutes(null, history, null, ACCOUNT, REGION)
            .withCosts(
                () -> new CostReports(ledger, ACCOUNT, REGION, CLOCK),
                () ->
                    new CostScan(
                        (start, end) -> new DailyCosts(series(), List.of(), 1),
                        ledger,
                        ACCOUNT,
                        REGION,
                        CLOCK,
                        CostAnomalyRule.defaults(),
                        e -> {}));
  }

  /** orders: $2 a day from the 1st, $40 on the 21st (the month's forecast is $146.86). */
  private static List<DailyCosts.Entry> series() {
    List<DailyCosts.Entry> entries = new ArrayList<>();
    for (int d = 1; d <= 21; d++) {
      entries.add(
          new DailyCosts.Entry(
              "orders", LocalDate.of(2026, 11, d), new BigDecimal(d == 21 ? "40" : "2"), "USD"));
    }
    return entries;
  }

  @Test
  void getCosts_whenDeployedWithAnEstimate_thenTheEstimateBesideTheForecast() throws IOException {
    deployment("d-1", Instant.parse("2026-11-01T10:00:00Z"), rdsAdded());
    // A later NO_CHANGES deployment changed nothing: the estimate made for d-1 still holds.
    DeploymentRecord unchanged = requested("d-2", Instant.parse("2026-11-10T10:00:00Z"));
    history.append(unchanged);
    history.transition("d-2", StatusChange.running(Instant.parse("2026-11-10T10:00:01Z")));
    history.transition("d-2", StatusChange.noChanges(Instant.parse("2026-11-10T10:00:05Z")));
    call("POST", "/cost-scans", Map.of(), 200);

    JsonNode report = call("GET", "/costs", Map.of("stack", "orders"), 200);

    assertEquals("146.86", report.path("forecast").asText(), report.toString());
    JsonNode estimate = report.path("estimate");
    assertEquals("d-1", estimate.path("deploymentId").asText(), report.toString());
    assertEquals("22.71", estimate.path("monthly").asText());
    assertEquals("272.52", estimate.path("annual").asText());
    assertEquals(2, estimate.path("coverage").path("priced").asInt());
    // (146.86 − 22.71) / 22.71 = 546.7 % above the estimate.
    assertEquals("546.7", estimate.path("forecastVsEstimatePercent").asText());
  }

  @Test
  void getCosts_whenNoDeploymentHasAnEstimate_thenNoEstimate() {
    JsonNode report = call("GET", "/costs", Map.of("stack", "orders"), 200);

    // Null fields are left out of the answer, as everywhere in the API.
    assertTrue(report.path("estimate").isMissingNode(), report.toString());
  }

  private void deployment(String id, Instant at, ReviewReport review) {
    history.append(requested(id, at));
    history.transition(id, StatusChange.running(at.plusSeconds(1)));
    history.transition(
        id, StatusChange.succeeded(at.plusSeconds(30), new ChangeSummary(1, 0, 0)).withReview(review));
  }

  private static DeploymentRecord requested(String id, Instant at) {
    return DeploymentRecord.requested(
        id,
        StackRef.of(ACCOUNT, REGION, "orders"),
        DeploymentSource.API,
        "tester",
        "0".repeat(64),
        "s3://bucket/templates/x",
        Map.of(),
        Map.of(),
        at);
  }

  /** The review fixture the Slack tests render: an RDS instance added, $22.71 a month. */
  private static ReviewReport rdsAdded() throws IOException {
    try (InputStream in =
        CostEstimateBesideActualTest.class.getResourceAsStream("/notify/review-rds-added.json")) {
      return Json.mapper().readValue(in, ReviewReport.class);
    }
  }

  private JsonNode call(String method, String path, Map<String, String> query, int status) {
    ApiRoutes.Response response = routes.handle(method, path, query, null, "t");
    JsonNode json = Json.mapper().valueToTree(response.body());
    assertEquals(status, response.status(), json.toString());
    return json;
  }
}
