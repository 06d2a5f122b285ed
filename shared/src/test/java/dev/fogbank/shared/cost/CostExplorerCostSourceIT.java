package dev.fogbank.shared.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import dev.fogbank.shared.testing.FaultInjector;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cost scan through the real SDK: Cost Explorer on the emulator (moto answers GetCostAndUsage
 * with results set through its moto API, as Cost Explorer would shape them), the control table on
 * DynamoDB Local.
 */
@ExtendWith({AwsEndpointExtension.class, DynamoDbLocalExtension.class})
class CostExplorerCostSourceIT {
  private static final String ACCOUNT = "123456789012";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);

  private final FaultInjector faults = new FaultInjector();
  private AwsEndpoint aws;
  private AwsClientFactory clients;
  private DynamoDbClient dynamoDb;
  private String table;

  @BeforeEach
  void setUp(AwsEndpoint aws, DynamoDbClient dynamoDb, @ControlTableName String table) {
    this.aws = aws;
    this.dynamoDb = dynamoDb;
    this.table = table;
    clients = aws.clients(faults);
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  /** Two days: orders and web each day, plus the untagged group (costs not from a stack). */
  static final String TWO_DAYS =
      """
      {"results": [{"ResultsByTime": [
        {"TimePeriod": {"Start": "2026-11-20", "End": "2026-11-21"}, "Estimated": false,
         "Total": {}, "Groups": [
           {"Keys": ["aws:cloudformation:stack-name$"],
            "Metrics": {"UnblendedCost": {"Amount": "12.5", "Unit": "USD"}}},
           {"Keys": ["aws:cloudformation:stack-name$orders"],
            "Metrics": {"UnblendedCost": {"Amount": "1.2345678901", "Unit": "USD"}}}]},
        {"TimePeriod": {"Start": "2026-11-21", "End": "2026-11-22"}, "Estimated": true,
         "Total": {}, "Groups": [
           {"Keys": ["aws:cloudformation:stack-name$orders"],
            "Metrics": {"UnblendedCost": {"Amount": "2", "Unit": "USD"}}},
           {"Keys": ["aws:cloudformation:stack-name$web"],
            "Metrics": {"UnblendedCost": {"Amount": "0.05", "Unit": "USD"}}}]}],
        "DimensionValueAttributes": []}]}
      """;

  /** Queues GetCostAndUsage answers on moto (its /moto-api/static/ce/cost-and-usage-results). */
  static void queueCostResults(AwsEndpoint aws, String json) {
    try {
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
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private CostScan scan() {
    return new CostScan(
        new CostExplorerCostSource(clients.costExplorer(), aws.region()),
        new DynamoDbCostLedger(dynamoDb, table, CLOCK),
        ACCOUNT,
        aws.region(),
        CLOCK);
  }

  private Map<String, AttributeValue> costItem(String stack, String day) {
    return dynamoDb
        .getItem(
            r ->
                r.tableName(table)
                    .key(
                        Map.of(
                            ControlTable.PK,
                            AttributeValue.fromS(
                                StackRef.of(ACCOUNT, aws.region(), stack).partitionKey()),
                            ControlTable.SK,
                            AttributeValue.fromS("COST#" + day))))
        .item();
  }

  private int costItems() {
    return dynamoDb
        .scanPaginator(
            r ->
                r.tableName(table)
                    .filterExpression("begins_with(sk, :c)")
                    .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("COST#"))))
        .stream()
        .mapToInt(page -> page.count())
        .sum();
  }

  @Test
  void scan_thenOneCostItemPerStackAndDayAndTheUntaggedGroupLeftOut() {
    assumeTrue(aws.kind() == AwsEndpoint.Kind.MOTO, "results are configured through moto's API");
    queueCostResults(aws, TWO_DAYS);

    CostScanResult result = scan().run(2);

    assertEquals(LocalDate.parse("2026-11-01"), result.start(), "read from the first of the month");
    assertEquals(3, result.recorded());
    assertEquals(List.of("orders", "web"), result.stacks());
    assertEquals(Map.of("USD", new BigDecimal("12.5")), result.untaggedTotal());
    assertEquals(3, costItems(), "no item for the untagged group");
    Map<String, AttributeValue> item = costItem("orders", "2026-11-20");
    assertEquals("1.2345678901", item.get("amount").n());
    assertEquals("USD", item.get("unit").s());
    assertEquals("2026-11-20", item.get("day").s());
    assertEquals("orders", item.get("stackName").s());
    assertEquals("0.05", costItem("web", "2026-11-21").get("amount").n());
  }

  @Test
  void scan_whenRunTwice_thenTheSameDaysAreOverwrittenNotDuplicated() {
    assumeTrue(aws.kind() == AwsEndpoint.Kind.MOTO, "results are configured through moto's API");
    queueCostResults(aws, TWO_DAYS);

    scan().run(2);
    // moto answers the same request with the same result, as Cost Explorer does for settled days.
    dynamoDb.updateItem(
        r ->
            r.tableName(table)
                .key(
                    costItem("orders", "2026-11-21").entrySet().stream()
                        .filter(e -> e.getKey().equals("pk") || e.getKey().equals("sk"))
                        .collect(
                            java.util.stream.Collectors.toMap(
                                Map.Entry::getKey, Map.Entry::getValue)))
                .updateExpression("SET amount = :x")
                .expressionAttributeValues(Map.of(":x", AttributeValue.fromN("999"))));
    scan().run(2);

    assertEquals(3, costItems());
    assertEquals("2", costItem("orders", "2026-11-21").get("amount").n(), "re-run overwrote");
  }

  @Test
  void scan_whenCostExplorerFailsPastRetries_thenAwsUnavailableAndNothingRecorded() {
    // Stands in for a Cost Explorer outage: HTTP 500 InternalFailure on every attempt.
    faults.internalFailureNext("GetCostAndUsage", FaultInjector.ALWAYS);

    AwsUnavailableException e = assertThrows(AwsUnavailableException.class, () -> scan().run(7));

    assertEquals(true, e.getMessage().contains("GetCostAndUsage"), e.getMessage());
    assertEquals(0, costItems());
  }

  @Test
  void scan_whenCostExplorerIsNotEnabled_thenCostDataUnavailableAtOnceAndNothingRecorded() {
    // Stands in for an account where Cost Explorer was never enabled: 400 AccessDeniedException
    // "User not enabled for cost explorer access", which the emulator cannot be put into.
    String reason = "User not enabled for cost explorer access";
    faults.failNext("GetCostAndUsage", FaultInjector.ALWAYS, 400, "AccessDeniedException", reason);

    DeploymentException e = assertThrows(DeploymentException.class, () -> scan().run(7));

    assertEquals(ErrorCode.COST_DATA_UNAVAILABLE, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertTrue(e.getMessage().contains("enable it in the Billing console"), e.getMessage());
    assertEquals(1, faults.attempts("GetCostAndUsage"), "a refusal is not retried");
    assertEquals(0, costItems());
  }

  @Test
  void scan_whenTheRoleMayNotReadCostExplorer_thenCostAccessDenied() {
    // Stands in for a control-plane role without ce:GetCostAndUsage: 400 AccessDeniedException.
    faults.failNext(
        "GetCostAndUsage",
        FaultInjector.ALWAYS,
        400,
        "AccessDeniedException",
        "User: arn:aws:sts::123456789012:assumed-role/scans is not authorized to perform:"
            + " ce:GetCostAndUsage");

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> scan().run("cs-denied", 7));

    assertEquals(ErrorCode.COST_ACCESS_DENIED, e.code());
    assertEquals(403, e.code().httpStatus());
    assertTrue(e.getMessage().contains("needs ce:GetCostAndUsage"), e.getMessage());
    assertEquals(0, costItems());
    CostScanRecord kept =
        new DynamoDbCostLedger(dynamoDb, table, CLOCK)
            .scan(ACCOUNT, aws.region(), "cs-denied")
            .orElseThrow();
    assertEquals(CostScanRecord.FAILED, kept.status());
    assertEquals("COST_ACCESS_DENIED", kept.failureCode());
    assertEquals(e.getMessage(), kept.failureMessage());
    assertNull(kept.result());
  }

  @Test
  void scan_whenDataIsNotAvailableYet_thenCostDataUnavailable() {
    // Stands in for Cost Explorer's DataUnavailableException (data for the range not ready).
    faults.failNext(
        "GetCostAndUsage", FaultInjector.ALWAYS, 400, "DataUnavailableException", "Data is not"
            + " available. Please try to adjust the time period.");

    DeploymentException e = assertThrows(DeploymentException.class, () -> scan().run(7));

    assertEquals(ErrorCode.COST_DATA_UNAVAILABLE, e.code());
    assertEquals(503, e.code().httpStatus());
  }

  @Test
  void scan_whenCostExplorerRateLimitsTwice_thenRetriedAndRecorded() {
    assumeTrue(aws.kind() == AwsEndpoint.Kind.MOTO, "results are configured through moto's API");
    queueCostResults(aws, TWO_DAYS);
    // Stands in for Cost Explorer's request rate limit: HTTP 400 LimitExceededException, a code
    // the SDK does not know as throttling on its own.
    faults.failNext("GetCostAndUsage", 2, 400, "LimitExceededException", "Rate exceeded");

    CostScanResult result = scan().run(2);

    assertEquals(3, result.recorded());
    assertEquals(3, faults.attempts("GetCostAndUsage"));
    assertEquals(1, result.requests(), "a retried request is one page");
  }

  @Test
  void scan_whenTheAnswerIsMalformed_thenInternalNamingTheValueAndNothingRecorded() {
    assumeTrue(aws.kind() == AwsEndpoint.Kind.MOTO, "results are configured through moto's API");
    queueCostResults(aws, TWO_DAYS.replace("\"Amount\": \"2\"", "\"Amount\": \"two\""));

    DeploymentException e = assertThrows(DeploymentException.class, () -> scan().run(2));

    assertEquals(ErrorCode.INTERNAL, e.code());
    assertTrue(e.getMessage().contains("'two' for stack 'orders' on 2026-11-21"), e.getMessage());
    assertEquals(0, costItems());
  }

  /** 500 stacks, 21 days, four planted spikes (three anomalies and one exactly at the limit). */
  static final int STACKS = 500;

  static final int PAGE_GROUPS = 2_000;

  private static String stackName(int i) {
    return String.format("team-%03d-svc", i);
  }

  /** The day's cost of stack {@code i}: a steady 1 to 7 dollars, except the planted spikes. */
  private static String amount(int i, LocalDate day) {
    String spike =
        switch (i + "@" + day) {
          case "7@2026-11-21" -> "100";
          case "123@2026-11-18" -> "50.5";
          case "499@2026-11-15" -> "30"; // base 3: the first judged day
          case "200@2026-11-20" -> "15"; // base 5: 3×, but exactly $10 over: not flagged
          case "300@2026-11-10" -> "90"; // before the judged days: baseline only
          default -> null;
        };
    return spike != null ? spike : String.valueOf(1 + i % 7);
  }

  /**
   * Cost Explorer's answer for 2026-11-01 to 2026-11-22 grouped by the stack tag, as pages of
   * {@link #PAGE_GROUPS} groups; each page but the last carries NextPageToken, and a day's groups
   * may continue on the next page, as Cost Explorer pages them.
   */
  private static String pages() {
    List<String> groups = new ArrayList<>();
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate day = LocalDate.parse("2026-11-01");
        day.isBefore(LocalDate.parse("2026-11-22"));
        day = day.plusDays(1)) {
      for (int i = 0; i < STACKS; i++) {
        groups.add(
            "{\"Keys\": [\"aws:cloudformation:stack-name$" + stackName(i) + "\"], \"Metrics\":"
                + " {\"UnblendedCost\": {\"Amount\": \"" + amount(i, day)
                + "\", \"Unit\": \"USD\"}}}");
        days.add(day);
      }
    }
    List<String> pages = new ArrayList<>();
    for (int from = 0; from < groups.size(); from += PAGE_GROUPS) {
      int to = Math.min(from + PAGE_GROUPS, groups.size());
      StringBuilder page = new StringBuilder("{\"ResultsByTime\": [");
      LocalDate current = null;
      for (int g = from; g < to; g++) {
        if (!days.get(g).equals(current)) {
          if (current != null) {
            page.append("]},");
          }
          current = days.get(g);
          page.append("{\"TimePeriod\": {\"Start\": \"").append(current)
              .append("\", \"End\": \"").append(current.plusDays(1))
              .append("\"}, \"Estimated\": false, \"Total\": {}, \"Groups\": [");
        } else {
          page.append(',');
        }
        page.append(groups.get(g));
      }
      page.append("]}], \"DimensionValueAttributes\": []");
      if (to < groups.size()) {
        page.append(", \"NextPageToken\": \"page-").append(pages.size() + 2).append('"');
      }
      pages.add(page.append('}').toString());
    }
    return "{\"results\": [" + String.join(",", pages) + "]}";
  }

  @Test
  void scan_when500StacksOverSeveralPages_thenOneRequestPerPageAndExactlyThePlantedAnomalies() {
    assumeTrue(aws.kind() == AwsEndpoint.Kind.MOTO, "results are configured through moto's API");
    queueCostResults(aws, pages());
    int expectedPages = (STACKS * 21 + PAGE_GROUPS - 1) / PAGE_GROUPS;
    List<DeploymentEvent> alerts = new ArrayList<>();
    DynamoDbCostLedger ledger = new DynamoDbCostLedger(dynamoDb, table, CLOCK);
    CostScan scan =
        new CostScan(
            new CostExplorerCostSource(clients.costExplorer(), aws.region()),
            ledger,
            ACCOUNT,
            aws.region(),
            CLOCK,
            CostAnomalyRule.defaults(),
            alerts::add);

    CostScanResult result = scan.run("cs-500", 7);

    assertEquals(expectedPages, result.requests());
    // What the scan did is kept in the table as it was answered; another id is not there.
    CostScanRecord kept = ledger.scan(ACCOUNT, aws.region(), "cs-500").orElseThrow();
    assertEquals(CostScanRecord.SUCCEEDED, kept.status());
    assertEquals(7, kept.days());
    assertEquals(CLOCK.instant(), kept.started());
    // The record keeps the counts and the first anomalies, not each stack: each stack's result
    // is an item of its own, so the record stays small at thousands of stacks.
    assertEquals(
        new CostScanResult(
            result.start(),
            result.end(),
            result.recorded(),
            List.of(),
            result.untaggedTotal(),
            result.requests(),
            result.anomalies()
                .subList(0, Math.min(result.anomalies().size(), CostScanResult.KEPT_ANOMALIES)),
            result.newAnomalies(),
            result.notice(),
            result.stackCount(),
            result.anomalyCount()),
        kept.result());
    assertTrue(ledger.scan(ACCOUNT, aws.region(), "cs-other").isEmpty());
    assertEquals(expectedPages, faults.attempts("GetCostAndUsage"), "one request per page");
    assertEquals(STACKS, result.stacks().size());
    assertEquals(STACKS * 21, result.recorded());
    assertEquals(STACKS * 21, costItems());
    assertEquals(
        List.of(
            stackName(7) + "@2026-11-21", stackName(123) + "@2026-11-18",
            stackName(499) + "@2026-11-15"),
        result.anomalies().stream()
            .sorted(java.util.Comparator.comparing(CostAnomaly::stack,
                java.util.Comparator.comparing(StackRef::name)))
            .map(a -> a.stack().name() + "@" + a.day())
            .toList());
    assertEquals(3, result.newAnomalies());
    assertEquals(3, alerts.size());
    assertTrue(
        result.anomalies().stream().anyMatch(a -> a.reason().contains("100.00 USD on 2026-11-21")),
        result.anomalies().toString());

    StackRef seven = StackRef.of(ACCOUNT, aws.region(), stackName(7));
    assertEquals(
        1, ledger.anomalies(seven, LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-21"))
            .size());
    assertEquals(
        7, ledger.days(seven, LocalDate.parse("2026-11-15"), LocalDate.parse("2026-11-21")).size());
    var month = ledger.monthToDate(ACCOUNT, aws.region(), java.time.YearMonth.of(2026, 11));
    assertEquals(STACKS, month.size());
    // stack 7: 20 days at $1 and the $100 spike.
    assertEquals(
        0,
        new BigDecimal("120")
            .compareTo(
                month.stream().filter(m -> m.stack().equals(seven)).findFirst().orElseThrow()
                    .amount()));

    CostScanResult again = scan.run(7);

    assertEquals(3, again.anomalies().size());
    assertEquals(0, again.newAnomalies(), "a re-scan does not alert again");
    assertEquals(3, alerts.size());
    assertEquals(STACKS * 21, costItems(), "days overwritten, not duplicated");
  }

  /** The stack's cost by service in two pages, SQS on both (a month's groups split by paging). */
  static final String BY_SERVICE_TWO_PAGES =
      """
      {"results": [
       {"ResultsByTime": [
         {"TimePeriod": {"Start": "2026-11-01", "End": "2026-11-22"}, "Estimated": true,
          "Total": {}, "Groups": [
            {"Keys": ["Amazon Simple Queue Service"],
             "Metrics": {"UnblendedCost": {"Amount": "1.5", "Unit": "USD"}}},
            {"Keys": ["AWS Lambda"],
             "Metrics": {"UnblendedCost": {"Amount": "0.25", "Unit": "USD"}}}]}],
        "NextPageToken": "page-2", "DimensionValueAttributes": []},
       {"ResultsByTime": [
         {"TimePeriod": {"Start": "2026-11-01", "End": "2026-11-22"}, "Estimated": true,
          "Total": {}, "Groups": [
            {"Keys": ["Amazon Simple Queue Service"],
             "Metrics": {"UnblendedCost": {"Amount": "2.5", "Unit": "USD"}}},
            {"Keys": ["Amazon DynamoDB"],
             "Metrics": {"UnblendedCost": {"Amount": "7", "Unit": "USD"}}}]}],
        "DimensionValueAttributes": []}]}
      """;

  @Test
  void costsByService_whenTwoPages_thenOneRequestPerPageServicesSummedMostExpensiveFirst() {
    assumeTrue(aws.kind() == AwsEndpoint.Kind.MOTO, "results are configured through moto's API");
    queueCostResults(aws, BY_SERVICE_TWO_PAGES);
    CostExplorerCostSource source =
        new CostExplorerCostSource(clients.costExplorer(), aws.region());

    ServiceCosts costs =
        source.costsByService("orders", LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-22"));

    assertEquals(2, costs.requests());
    assertEquals(2, faults.attempts("GetCostAndUsage"));
    assertEquals(
        List.of(
            new ServiceCosts.Service("Amazon DynamoDB", new BigDecimal("7"), "USD"),
            new ServiceCosts.Service("Amazon Simple Queue Service", new BigDecimal("4.0"), "USD"),
            new ServiceCosts.Service("AWS Lambda", new BigDecimal("0.25"), "USD")),
        costs.services());
    assertEquals(0, new BigDecimal("11.25").compareTo(costs.total()));
    assertEquals(LocalDate.parse("2026-11-21"), costs.to());
  }

  @Test
  void costsByService_request_thenGroupedBySERVICEFilteredOnTheStackTagAndRegion() {
    var request =
        CostExplorerTranslator.serviceRequest(
            "orders", LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-22"), "eu-west-1",
            null);

    assertEquals("DIMENSION", request.groupBy().getFirst().typeAsString());
    assertEquals("SERVICE", request.groupBy().getFirst().key());
    var filters = request.filter().and();
    assertEquals(List.of("eu-west-1"), filters.get(0).dimensions().values());
    assertEquals("aws:cloudformation:stack-name", filters.get(1).tags().key());
    assertEquals(List.of("orders"), filters.get(1).tags().values());
    assertEquals("EQUALS", filters.get(1).tags().matchOptionsAsStrings().getFirst());
  }

  @Test
  void costsByService_whenTheRoleMayNotReadCostExplorer_thenCostAccessDenied() {
    // Stands in for Cost Explorer refusing a role without ce:GetCostAndUsage.
    faults.failNext("GetCostAndUsage", 1, 400, "AccessDeniedException", "not authorized");
    CostExplorerCostSource source =
        new CostExplorerCostSource(clients.costExplorer(), aws.region());

    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () ->
                source.costsByService(
                    "orders", LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-22")));

    assertEquals(ErrorCode.COST_ACCESS_DENIED, e.code());
    assertTrue(e.getMessage().contains("orders"), e.getMessage());
  }

  /** One day of costs, none carrying the stack tag (the tag not activated). */
  static final String UNTAGGED_ONLY =
      """
      {"results": [{"ResultsByTime": [
        {"TimePeriod": {"Start": "2026-11-20", "End": "2026-11-21"}, "Estimated": false,
         "Total": {}, "Groups": [
           {"Keys": ["aws:cloudformation:stack-name$"],
            "Metrics": {"UnblendedCost": {"Amount": "12.5", "Unit": "USD"}}}]}],
        "DimensionValueAttributes": []}]}
      """;

  @Test
  void scan_whenTagNotActivated_thenOneCostTagInactiveEventUntilATaggedScanThenAgain() {
    assumeTrue(aws.kind() == AwsEndpoint.Kind.MOTO, "results are configured through moto's API");
    List<DeploymentEvent> sent = new ArrayList<>();
    DynamoDbCostLedger ledger = new DynamoDbCostLedger(dynamoDb, table, CLOCK);
    CostScan scan =
        new CostScan(
            new CostExplorerCostSource(clients.costExplorer(), aws.region()),
            ledger, ACCOUNT, aws.region(), CLOCK, CostAnomalyRule.defaults(), sent::add);

    queueCostResults(aws, UNTAGGED_ONLY);
    scan.run("cs-20261122T060000-000000000001", 2);
    // The same request again: moto answers it as before (it keeps an answer per request body).
    scan.run("cs-20261122T060001-000000000002", 2);

    assertEquals(1, sent.size(), "said once while it lasts: " + sent);
    DeploymentEvent event = sent.getFirst();
    assertEquals(DeploymentEvent.Kind.COST_TAG_INACTIVE, event.kind());
    assertNull(event.stackName());
    assertEquals("cs-20261122T060000-000000000001", event.stackStatus().eventId());
    assertTrue(event.stackStatus().reason().contains("not activated"), event.stackStatus().reason());
    assertTrue(
        event.stackStatus().reason().contains("update-cost-allocation-tags-status"),
        "how to activate it");

    // Other days make other requests, each taking the next queued answer.
    queueCostResults(aws, TWO_DAYS);
    scan.run("cs-20261122T060002-000000000003", 30);
    queueCostResults(aws, UNTAGGED_ONLY);
    scan.run("cs-20261122T060003-000000000004", 40);

    assertEquals(2, sent.size(), "said again after a scan that found the tag: " + sent);
  }
}
