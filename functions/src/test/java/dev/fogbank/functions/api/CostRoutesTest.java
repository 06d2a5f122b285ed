package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.cost.CostAnomalyRule;
import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.cost.CostScan;
import dev.fogbank.shared.cost.DailyCosts;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.InMemoryCostLedger;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /cost-scans} and {@code GET /costs} over a cost scan of a planted series. */
class CostRoutesTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);

  private final InMemoryCostLedger ledger = new InMemoryCostLedger();
  private final List<Object> alerts = new ArrayList<>();
  private DailyCosts answer = new DailyCosts(series(), List.of(), 2);
  private final ApiRoutes routes =
      new ApiRoutes(null, null, null, ACCOUNT, REGION)
          .withCosts(
              () -> new CostReports(ledger, ACCOUNT, REGION, CLOCK),
              () ->
                  new CostScan(
                      (start, end) -> answer,
                      ledger,
                      ACCOUNT,
                      REGION,
                      CLOCK,
                      CostAnomalyRule.defaults(),
                      alerts::add));

  /** orders: $2 a day from the 1st, $40 on the 21st; web: $1 a day from the 8th. */
  private static List<DailyCosts.Entry> series() {
    List<DailyCosts.Entry> entries = new ArrayList<>();
    for (int d = 1; d <= 21; d++) {
      LocalDate day = LocalDate.of(2026, 11, d);
      entries.add(new DailyCosts.Entry("orders", day, new BigDecimal(d == 21 ? "40" : "2"), "USD"));
      if (d >= 8) {
        entries.add(new DailyCosts.Entry("web", day, BigDecimal.ONE, "USD"));
      }
    }
    return entries;
  }

  private JsonNode call(String method, String path, Map<String, String> query, String body,
      int expectedStatus) {
    ApiRoutes.Response response = routes.handle(method, path, query, body, "t");
    JsonNode json = Json.mapper().valueToTree(response.body());
    assertEquals(expectedStatus, response.status(), json.toString());
    return json;
  }

  private JsonNode get(Map<String, String> query, int expectedStatus) {
    return call("GET", "/costs", query, null, expectedStatus);
  }

  private static Map<String, String> query(String... pairs) {
    Map<String, String> query = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      query.put(pairs[i], pairs[i + 1]);
    }
    return query;
  }

  @Test
  void postCostScans_thenScanIdRequestsAndThePlantedAnomaly() {
    JsonNode scan = call("POST", "/cost-scans", Map.of(), null, 200);

    assertTrue(scan.path("scanId").asText().startsWith("cs-"), scan.toString());
    assertEquals("SUCCEEDED", scan.path("status").asText());
    assertEquals(2, scan.path("requests").asInt());
    assertEquals(2, scan.path("stacks").asInt());
    assertEquals(1, scan.path("anomalies").size());
    assertEquals("orders", scan.path("anomalies").get(0).path("stack").asText());
    assertEquals("2026-11-21", scan.path("anomalies").get(0).path("day").asText());
    assertEquals(1, scan.path("newAnomalies").asInt());
    assertEquals(1, alerts.size());
  }

  @Test
  void getCostScan_afterPost_thenItsRecordWithTimesRequestsStacksAndAnomalies() {
    String id = call("POST", "/cost-scans", Map.of(), "{\"days\": 3}", 200).path("scanId").asText();

    JsonNode scan = call("GET", "/cost-scans/" + id, Map.of(), null, 200);

    assertEquals(id, scan.path("scanId").asText());
    assertEquals("SUCCEEDED", scan.path("status").asText());
    assertEquals(3, scan.path("days").asInt());
    assertEquals("2026-11-22T06:00:00Z", scan.path("started").asText());
    assertEquals("2026-11-22T06:00:00Z", scan.path("finished").asText());
    assertEquals(2, scan.path("requests").asInt());
    assertEquals(2, scan.path("stacks").asInt());
    assertEquals("2026-11-21", scan.path("anomalies").get(0).path("day").asText());
    assertTrue(scan.path("failure").isMissingNode(), scan.toString());
  }

  @Test
  void getCostScan_whenUnknownId_thenNotFoundNamingIt() {
    JsonNode error = call("GET", "/cost-scans/cs-nope", Map.of(), null, 404);

    assertEquals("NOT_FOUND", error.path("error").path("code").asText());
    assertTrue(error.path("error").path("message").asText().contains("cs-nope"));
  }

  @Test
  void getCostScan_whenScanFailed_thenFailedWithItsCode() {
    ApiRoutes refusing =
        new ApiRoutes(null, null, null, ACCOUNT, REGION)
            .withCosts(
                () -> new CostReports(ledger, ACCOUNT, REGION, CLOCK),
                () ->
                    new CostScan(
                        (start, end) -> {
                          throw new DeploymentException(
                              ErrorCode.COST_ACCESS_DENIED, "no ce:GetCostAndUsage");
                        },
                        ledger,
                        ACCOUNT,
                        REGION,
                        CLOCK));
    assertEquals(403, refusing.handle("POST", "/cost-scans", Map.of(), null, "t").status());
    String id = ledger.scans.values().iterator().next().scanId();

    JsonNode scan = call("GET", "/cost-scans/" + id, Map.of(), null, 200);

    assertEquals("FAILED", scan.path("status").asText());
    assertEquals("COST_ACCESS_DENIED", scan.path("failure").path("code").asText());
    assertEquals("no ce:GetCostAndUsage", scan.path("failure").path("message").asText());
    assertTrue(scan.path("requests").isMissingNode(), scan.toString());
  }

  @Test
  void postCostScans_whenDaysOutOfRange_thenInvalidRequest() {
    JsonNode error = call("POST", "/cost-scans", Map.of(), "{\"days\": 0}", 400);

    assertEquals("INVALID_REQUEST", error.path("error").path("code").asText());
    assertEquals(0, ledger.recorded.size());
  }

  @Test
  void postCostScans_whenCostExplorerRefuses_thenItsCodeAndStatus() {
    answer = null;
    ApiRoutes refusing =
        new ApiRoutes(null, null, null, ACCOUNT, REGION)
            .withCosts(
                () -> new CostReports(ledger, ACCOUNT, REGION, CLOCK),
                () ->
                    new CostScan(
                        (start, end) -> {
                          throw new DeploymentException(
                              ErrorCode.COST_ACCESS_DENIED, "no ce:GetCostAndUsage");
                        },
                        ledger,
                        ACCOUNT,
                        REGION,
                        CLOCK));

    ApiRoutes.Response response = refusing.handle("POST", "/cost-scans", Map.of(), null, "t");

    assertEquals(403, response.status());
    assertTrue(response.body().toString().contains("COST_ACCESS_DENIED"), response.toString());
  }

  @Test
  void getCosts_whenStackAndRange_thenSeriesTotalsMonthForecastAndAnomalies() {
    call("POST", "/cost-scans", Map.of(), null, 200);

    JsonNode report = get(query("stack", "orders", "from", "2026-11-19", "to", "2026-11-21"), 200);

    assertEquals(3, report.path("days").size());
    assertEquals("2026-11-19", report.path("days").get(0).path("day").asText());
    assertEquals("44", report.path("total").asText());
    assertEquals("80", report.path("monthToDate").asText(), "20 × $2 + $40");
    assertEquals("2026-11-21", report.path("through").asText());
    // Last 7 days: 6 × 2 + 40 = 52, i.e. 52/7 a day for the 9 days left: 80 + 66.86.
    assertEquals("146.86", report.path("forecast").asText());
    assertEquals("52", report.path("weekOverWeek").path("lastWeek").asText());
    assertEquals("14", report.path("weekOverWeek").path("previousWeek").asText());
    assertEquals("271.4", report.path("weekOverWeek").path("changePercent").asText());
    assertEquals(1, report.path("anomalies").size());
    assertTrue(report.path("anomalies").get(0).path("reason").asText().contains("40.00 USD"));
  }

  @Test
  void getCosts_whenAcceptCsv_thenTextCsvRowPerDayWithQuotedStackAndAnomalyFlag() {
    answer =
        new DailyCosts(
            List.of(
                new DailyCosts.Entry("a,\"b\"", LocalDate.of(2026, 11, 20), new BigDecimal("2.50"),
                    "USD"),
                new DailyCosts.Entry("a,\"b\"", LocalDate.of(2026, 11, 21), new BigDecimal("40"),
                    "USD")),
            List.of(),
            1);
    call("POST", "/cost-scans", Map.of(), null, 200);
    ObjectNode event =
        HttpApiEvents.withQuery(
            HttpApiEvents.request("http-api-v2-get-stack-deployments.json", "GET", "/costs"),
            query("stack", "a,\"b\"", "from", "2026-11-20", "to", "2026-11-21"));
    ((ObjectNode) event.path("headers")).put("accept", "text/csv");

    APIGatewayV2HTTPResponse response =
        new ApiHandler(routes).handleRequest(HttpApiEvents.bind(event), null);

    assertEquals(200, response.getStatusCode(), response.getBody());
    assertEquals("text/csv; charset=utf-8", response.getHeaders().get("content-type"));
    assertEquals(
        "date,stack,amount,currency,anomaly\r\n"
            + "2026-11-20,\"a,\"\"b\"\"\",2.5,USD,false\r\n"
            + "2026-11-21,\"a,\"\"b\"\"\",40,USD,true\r\n",
        response.getBody());
  }

  @Test
  void getCosts_whenAcceptJsonOrAny_thenJson() {
    ApiRoutes.Response json =
        routes.handle("GET", "/costs", query("stack", "web"), null, "t",
            Map.of("Accept", "application/json, text/csv"));
    ApiRoutes.Response any =
        routes.handle("GET", "/costs", query("stack", "web"), null, "t", Map.of("ACCEPT", "*/*"));

    assertEquals(ApiRoutes.Response.JSON, json.contentType());
    assertEquals(ApiRoutes.Response.JSON, any.contentType());
  }

  @Test
  void csvField_whenCommaQuoteOrLineBreak_thenQuotedWithQuotesDoubled() {
    assertEquals("web", CostCsv.field("web"));
    assertEquals("\"a,b\"", CostCsv.field("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", CostCsv.field("say \"hi\""));
    assertEquals("\"two\nlines\"", CostCsv.field("two\nlines"));
    assertEquals("\"cr\rhere\"", CostCsv.field("cr\rhere"));
  }

  @Test
  void getCosts_whenNoStack_thenEveryStacksMonthToDateMostExpensiveFirst() {
    call("POST", "/cost-scans", Map.of(), null, 200);

    JsonNode list = get(Map.of(), 200);

    assertEquals("2026-11", list.path("month").asText());
    assertEquals("orders", list.path("stacks").get(0).path("stack").asText());
    assertEquals("80", list.path("stacks").get(0).path("monthToDate").asText());
    assertEquals("web", list.path("stacks").get(1).path("stack").asText());
    assertEquals("14", list.path("stacks").get(1).path("monthToDate").asText());
  }

  @Test
  void getCosts_whenLimitOne_thenPagesInOrderWithSignedTokenAndNoNoticeWhenTagged() {
    call("POST", "/cost-scans", Map.of(), null, 200);

    JsonNode first = get(query("limit", "1"), 200);
    JsonNode second = get(query("limit", "1", "nextToken", first.path("nextToken").asText()), 200);

    assertEquals("orders", first.path("stacks").get(0).path("stack").asText());
    assertEquals(1, first.path("stacks").size());
    assertEquals("web", second.path("stacks").get(0).path("stack").asText());
    assertTrue(second.path("nextToken").isMissingNode(), second.toString());
    assertTrue(first.path("notice").isMissingNode(), first.toString());
    JsonNode forged = get(query("nextToken", "x"), 400);
    assertEquals("INVALID_NEXT_TOKEN", forged.path("error").path("code").asText());
  }

  @Test
  void getCosts_whenNewestScanFoundOnlyUntaggedCosts_thenAnswerSaysTheTagIsNotActivated() {
    answer =
        new DailyCosts(
            List.of(),
            List.of(new DailyCosts.Entry("", LocalDate.of(2026, 11, 21), BigDecimal.TEN, "USD")),
            1);
    call("POST", "/cost-scans", Map.of(), null, 200);

    JsonNode list = get(Map.of(), 200);

    assertEquals(0, list.path("stacks").size());
    assertTrue(
        list.path("notice").asText().contains("aws:cloudformation:stack-name"), list.toString());
    assertTrue(list.path("notice").asText().contains("Activate"), list.toString());
  }

  @Test
  void getCosts_whenDefaultRange_thenThirtyDaysThroughYesterday() {
    JsonNode report = get(query("stack", "web"), 200);

    assertEquals("2026-10-23", report.path("from").asText());
    assertEquals("2026-11-21", report.path("to").asText());
    assertEquals(0, report.path("days").size(), "nothing scanned yet: an empty series, not 404");
  }

  @Test
  void getCosts_whenBadQuery_thenInvalidRequestNamingTheProblem() {
    Map<Map<String, String>, String> bad =
        Map.of(
            query("stack", "web", "from", "2026-13-01"), "from must be a date as yyyy-MM-dd",
            query("stack", "web", "to", "yesterday"), "to must be a date as yyyy-MM-dd",
            query("stack", "web", "from", "2026-11-10", "to", "2026-11-01"), "must not be after",
            query("stack", "web", "from", "2024-01-01", "to", "2026-11-01"), "more than 366 days",
            query("from", "2026-11-01"), "need stack");
    bad.forEach(
        (q, message) -> {
          JsonNode error = get(q, 400);
          assertEquals("INVALID_REQUEST", error.path("error").path("code").asText(), q.toString());
          assertTrue(
              error.path("error").path("message").asText().contains(message),
              q + " -> " + error);
        });
  }

  @Test
  void getCosts_whenStackNameUnreadable_thenInvalidStackName() {
    JsonNode error = get(query("stack", "bad name\n"), 400);

    assertEquals("INVALID_STACK_NAME", error.path("error").path("code").asText());
  }

  @Test
  void postCostScans_whenNoScanHereNorStarter_thenInternalSayingSo() {
    ApiRoutes aws =
        new ApiRoutes(null, null, null, ACCOUNT, REGION)
            .withCosts(() -> new CostReports(ledger, ACCOUNT, REGION, CLOCK), null);

    ApiRoutes.Response response = aws.handle("POST", "/cost-scans", Map.of(), null, "t");

    assertEquals(500, response.status());
    assertTrue(response.body().toString().contains("no cost-scan function"), response.toString());
  }

  /** As in AWS: no scan in-process, a starter queuing the cost-scan function. */
  private ApiRoutes queued(List<String> started, DeploymentException refusal) {
    return new ApiRoutes(null, null, null, ACCOUNT, REGION)
        .withCosts(() -> new CostReports(ledger, ACCOUNT, REGION, CLOCK), null)
        .withCostScanStarter(
            () ->
                (scanId, days) -> {
                  if (refusal != null) {
                    throw refusal;
                  }
                  started.add(scanId + " " + days);
                });
  }

  @Test
  void postCostScans_whenStarterConfigured_then202WithIdKeptRunningAndTheFunctionQueued() {
    List<String> started = new ArrayList<>();
    ApiRoutes aws = queued(started, null);

    ApiRoutes.Response response =
        aws.handle("POST", "/cost-scans", Map.of(), "{\"days\": 3}", "t");

    assertEquals(202, response.status(), String.valueOf(response.body()));
    JsonNode body = Json.mapper().valueToTree(response.body());
    String id = body.path("scanId").asText();
    assertTrue(id.matches(CostScan.SCAN_ID_PATTERN), id);
    assertEquals("RUNNING", body.path("status").asText());
    assertEquals(List.of(id + " 3"), started);
    ApiRoutes.Response read = aws.handle("GET", "/cost-scans/" + id, Map.of(), null, "t");
    assertEquals(200, read.status());
    JsonNode record = Json.mapper().valueToTree(read.body());
    assertEquals("RUNNING", record.path("status").asText());
    assertEquals(3, record.path("days").asInt());
    assertTrue(record.path("finished").isMissingNode(), record.toString());
  }

  @Test
  void postCostScans_whenFunctionCannotBeQueued_thenErrorAndScanKeptFailedNotRunning() {
    ApiRoutes aws =
        queued(
            new ArrayList<>(),
            new DeploymentException(ErrorCode.INTERNAL, "Lambda Invoke (Event) failed: HTTP 403"));

    ApiRoutes.Response response = aws.handle("POST", "/cost-scans", Map.of(), null, "t");

    assertEquals(500, response.status());
    assertEquals(1, ledger.scans.size());
    var kept = ledger.scans.values().iterator().next();
    assertEquals("FAILED", kept.status());
    assertEquals("INTERNAL", kept.failureCode());
    assertTrue(kept.failureMessage().startsWith("not started: "), kept.failureMessage());
  }

  @Test
  void getCostScans_thenNewestFirstPagedWithSignedTokenToTheEnd() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Clock at = Clock.fixed(Instant.parse("2026-11-22T06:00:0" + i + "Z"), ZoneOffset.UTC);
      String id = CostScan.newScanId(at);
      ids.add(id);
      new CostReports(ledger, ACCOUNT, REGION, at).started(id, 7);
    }

    JsonNode first = call("GET", "/cost-scans", query("limit", "2"), null, 200);
    JsonNode second =
        call("GET", "/cost-scans", query("limit", "2", "nextToken",
            first.path("nextToken").asText()), null, 200);
    JsonNode last =
        call("GET", "/cost-scans", query("limit", "2", "nextToken",
            second.path("nextToken").asText()), null, 200);

    List<String> seen = new ArrayList<>();
    for (JsonNode page : List.of(first, second, last)) {
      page.path("items").forEach(item -> seen.add(item.path("scanId").asText()));
    }
    assertEquals(List.of(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0)), seen);
    assertTrue(last.path("nextToken").isMissingNode(), last.toString());
    JsonNode forged = call("GET", "/cost-scans", query("nextToken", "cs-x"), null, 400);
    assertEquals("INVALID_NEXT_TOKEN", forged.path("error").path("code").asText());
  }
}
