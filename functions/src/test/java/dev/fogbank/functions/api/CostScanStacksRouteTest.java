package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.cost.CostAnomalyRule;
import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.cost.CostScan;
import dev.fogbank.shared.cost.DailyCosts;
import dev.fogbank.shared.cost.DynamoDbCostLedger;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code GET /cost-scans/{id}/stacks}: a scan's per-stack results, paged, read back from
 * DynamoDB Local where the scan wrote them.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class CostScanStacksRouteTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);

  private ApiRoutes routes;
  private CostScan scan;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    DynamoDbCostLedger ledger = new DynamoDbCostLedger(dynamoDb, table, CLOCK);
    scan =
        new CostScan(
            (start, end) -> new DailyCosts(series(), List.of(), 1),
            ledger, ACCOUNT, REGION, CLOCK, CostAnomalyRule.defaults(), e -> {});
    routes =
        new ApiRoutes(null, null, null, ACCOUNT, REGION)
            .withCosts(() -> new CostReports(ledger, ACCOUNT, REGION, CLOCK), () -> scan);
  }

  /** Five stacks at $1 a day; "s-2" at $40 on the 21st (an anomaly). */
  private static List<DailyCosts.Entry> series() {
    List<DailyCosts.Entry> entries = new ArrayList<>();
    for (int s = 0; s < 5; s++) {
      for (int d = 1; d <= 21; d++) {
        String amount = s == 2 && d == 21 ? "40" : "1";
        entries.add(
            new DailyCosts.Entry(
                "s-" + s, LocalDate.of(2026, 11, d), new BigDecimal(amount), "USD"));
      }
    }
    return entries;
  }

  private JsonNode get(String path, Map<String, String> query, int expectedStatus) {
    ApiRoutes.Response response = routes.handle("GET", path, query, null, "t");
    JsonNode json = Json.mapper().valueToTree(response.body());
    assertEquals(expectedStatus, response.status(), json.toString());
    return json;
  }

  @Test
  void listCostScanStacks_whenFiveStacksInPagesOfTwo_thenEveryStackOnceByNameWithItsResult() {
    String id = lastScanIdAfterRun(CostScan.newScanId(CLOCK));

    List<String> seen = new ArrayList<>();
    Map<String, JsonNode> byStack = new HashMap<>();
    Map<String, String> query = new HashMap<>(Map.of("limit", "2"));
    int pages = 0;
    do {
      JsonNode page = get("/cost-scans/" + id + "/stacks", query, 200);
      assertEquals(id, page.path("scanId").asText());
      page.path("items").forEach(i -> {
        seen.add(i.path("stack").asText());
        byStack.put(i.path("stack").asText(), i);
      });
      query.put("nextToken", page.path("nextToken").asText());
      pages++;
      if (page.path("nextToken").isMissingNode()) {
        break;
      }
    } while (pages < 10);

    assertEquals(List.of("s-0", "s-1", "s-2", "s-3", "s-4"), seen);
    assertTrue(pages >= 3, "pages: " + pages);
    assertEquals("21", byStack.get("s-0").path("monthToDate").asText());
    assertEquals("60", byStack.get("s-2").path("monthToDate").asText());
    assertEquals(1, byStack.get("s-2").path("anomalies").asInt());
    assertEquals(0, byStack.get("s-3").path("anomalies").asInt());
    assertEquals("2026-11", byStack.get("s-2").path("month").asText());
    assertEquals("2026-11-21", byStack.get("s-2").path("through").asText());
    assertEquals("USD", byStack.get("s-2").path("unit").asText());
  }

  @Test
  void listCostScanStacks_whenTokenOfAnotherScan_thenInvalidNextToken() {
    String first = lastScanIdAfterRun("cs-20261122T060000-000000000001");
    String second = lastScanIdAfterRun("cs-20261122T060001-000000000002");
    String token =
        get("/cost-scans/" + first + "/stacks", Map.of("limit", "1"), 200)
            .path("nextToken")
            .asText();

    JsonNode error =
        get("/cost-scans/" + second + "/stacks", Map.of("nextToken", token), 400);

    assertEquals("INVALID_NEXT_TOKEN", error.path("error").path("code").asText());
  }

  @Test
  void listCostScanStacks_whenUnknownScan_thenNotFoundNamingIt() {
    JsonNode error = get("/cost-scans/cs-nope/stacks", Map.of(), 404);

    assertEquals("NOT_FOUND", error.path("error").path("code").asText());
    assertTrue(error.path("error").path("message").asText().contains("cs-nope"));
  }

  private String lastScanIdAfterRun(String id) {
    scan.run(id, 7);
    return id;
  }
}
