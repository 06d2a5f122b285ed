package dev.fogbank.shared.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
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
        .scan(
            r ->
                r.tableName(table)
                    .filterExpression("begins_with(sk, :c)")
                    .expressionAttributeValues(Map.of(":c", AttributeValue.fromS("COST#"))))
        .count();
  }

  @Test
  void scan_thenOneCostItemPerStackAndDayAndTheUntaggedGroupLeftOut() {
    assumeTrue(aws.kind() == AwsEndpoint.Kind.MOTO, "results are configured through moto's API");
    queueCostResults(aws, TWO_DAYS);

    CostScanResult result = scan().run(2);

    assertEquals(LocalDate.parse("2026-11-20"), result.start());
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
  void scan_whenCostExplorerIsNotEnabled_thenInternalAtOnceAndNothingRecorded() {
    // Stands in for an account where Cost Explorer was never enabled: 400 AccessDeniedException
    // "User not enabled for cost explorer access", which the emulator cannot be put into.
    String reason = "User not enabled for cost explorer access";
    faults.failNext("GetCostAndUsage", FaultInjector.ALWAYS, 400, "AccessDeniedException", reason);

    DeploymentException e = assertThrows(DeploymentException.class, () -> scan().run(7));

    assertEquals(ErrorCode.INTERNAL, e.code(), "a refusal is not an outage");
    assertEquals(true, e.getMessage().endsWith(": " + reason), e.getMessage());
    assertEquals(1, faults.attempts("GetCostAndUsage"), "a refusal is not retried");
    assertEquals(0, costItems());
  }
}
