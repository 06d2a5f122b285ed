package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.testing.CostLookupsTransport;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.cost.CostLookups;
import dev.fogbank.shared.cost.AwsBudgetsStore;
import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.cost.CostScan;
import dev.fogbank.shared.cost.DailyCosts;
import dev.fogbank.shared.cost.DynamoDbCostLedger;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import dev.fogbank.shared.testing.FaultInjector;
import java.math.BigDecimal;
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
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code GET /costs?stack=} with the stack's budget read from the emulator's AWS Budgets (moto
 * implements it) through the real SDK, beside costs recorded on DynamoDB Local; asked directly
 * (local mode) and through the cost-scan function's handler over Lambda's Invoke (the api in AWS).
 */
@ParameterizedClass(name = "lookups {0}")
@EnumSource(CostLookupsTransport.class)
@ExtendWith({AwsEndpointExtension.class, DynamoDbLocalExtension.class})
class CostBudgetRouteIT {
  private static final String ACCOUNT = "123456789012";
  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:fogbank-notifications";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T06:00:00Z"), ZoneOffset.UTC);

  private final FaultInjector faults = new FaultInjector();
  private AwsClientFactory clients;
  private AwsBudgetsStore budgets;
  private ApiRoutes routes;
  private String region;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @Parameter CostLookupsTransport transport;

  @BeforeEach
  void setUp(AwsEndpoint aws, DynamoDbClient dynamoDb, @ControlTableName String table) {
    aws.reset();
    region = aws.region();
    clients = aws.clients(faults);
    budgets = new AwsBudgetsStore(clients.budgets(), ACCOUNT, TOPIC);
    DynamoDbCostLedger ledger = new DynamoDbCostLedger(dynamoDb, table, CLOCK);
    List<DailyCosts.Entry> days = new ArrayList<>();
    for (int d = 1; d <= 21; d++) {
      days.add(new DailyCosts.Entry("orders", LocalDate.of(2026, 11, d), new BigDecimal("2"), "USD"));
    }
    new CostScan((start, end) -> new DailyCosts(days, List.of(), 1), ledger, ACCOUNT, region, CLOCK)
        .run(CostScan.newScanId(CLOCK), 7);
    CostLookups lookups =
        transport.over(
            CostLookups.direct(
                () -> {
                  throw new AssertionError("no cost by service asked here");
                },
                () -> budgets),
            ACCOUNT,
            region,
            closing);
    routes =
        new ApiRoutes(null, null, null, ACCOUNT, region)
            .withCosts(() -> new CostReports(ledger, ACCOUNT, region, CLOCK), null)
            .withCostLookups(() -> lookups);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    clients.close();
  }

  private JsonNode costs(String stack) {
    ApiRoutes.Response response =
        routes.handle("GET", "/costs", Map.of("stack", stack), null, "t");
    JsonNode json = Json.mapper().valueToTree(response.body());
    assertEquals(200, response.status(), json.toString());
    return json;
  }

  @Test
  void getCosts_whenStackHasBudget_thenAmountActualForecastAndWhichAlertsPassed() {
    budgets.keep(StackRef.of(ACCOUNT, region, "orders"), new BigDecimal("50"));

    JsonNode budget = costs("orders").path("budget");

    assertEquals("50", budget.path("amount").asText(), budget.toString());
    assertEquals("USD", budget.path("unit").asText());
    // $2 a day through the 21st: 42 to date, 42 + 9 days left at $2 = 60 forecast.
    assertEquals("42", budget.path("actual").asText());
    assertEquals("60", budget.path("forecast").asText());
    assertEquals("84", budget.path("actualPercent").asText());
    assertEquals("120", budget.path("forecastPercent").asText());
    assertEquals(2, budget.path("alerts").size());
    assertEquals(80, budget.path("alerts").get(0).path("thresholdPercent").asInt());
    assertTrue(budget.path("alerts").get(0).path("passed").asBoolean());
    assertEquals(100, budget.path("alerts").get(1).path("thresholdPercent").asInt());
    assertFalse(budget.path("alerts").get(1).path("passed").asBoolean());
  }

  @Test
  void getCosts_whenStackHasNoBudget_thenNoBudgetField() {
    JsonNode report = costs("orders");

    assertTrue(report.path("budget").isMissingNode() || report.path("budget").isNull(),
        report.toString());
    assertEquals("42", report.path("monthToDate").asText());
  }

  @Test
  void getCosts_whenBudgetsRefuses_thenCostsStillAnsweredAndBudgetSaysWhy() {
    budgets.keep(StackRef.of(ACCOUNT, region, "orders"), new BigDecimal("50"));
    // Stands in for AWS Budgets refusing a role without budgets:ViewBudget.
    faults.failNext("DescribeBudget", 1, 400, "AccessDeniedException", "not authorized");

    JsonNode report = costs("orders");

    assertEquals("42", report.path("monthToDate").asText());
    assertTrue(
        report.path("budget").path("unavailable").asText().startsWith("COST_ACCESS_DENIED"),
        report.toString());
    assertTrue(report.path("budget").path("amount").isMissingNode());
  }
}
