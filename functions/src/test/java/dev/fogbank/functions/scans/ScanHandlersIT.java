package dev.fogbank.functions.scans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.cost.CostExplorerCostSource;
import dev.fogbank.shared.cost.CostScan;
import dev.fogbank.shared.cost.DynamoDbCostLedger;
import dev.fogbank.shared.drift.CloudFormationDriftDetector;
import dev.fogbank.shared.drift.DriftApiStandIn;
import dev.fogbank.shared.drift.DriftApiStandIn.Resource;
import dev.fogbank.shared.drift.DriftScan;
import dev.fogbank.shared.drift.DriftScanLimits;
import dev.fogbank.shared.drift.DynamoDbDriftRecords;
import dev.fogbank.shared.drift.DynamoDbManagedStacks;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.notify.SnsNotifier;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import dev.fogbank.shared.testing.FaultInjector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Both scan functions as a schedule invokes them, through the real SDK: the control table on
 * DynamoDB Local, SNS and Cost Explorer on the emulator. moto has no drift API (HTTP 500): {@link
 * DriftApiStandIn} answers DetectStackDrift, DescribeStackDriftDetectionStatus and
 * DescribeStackResourceDrifts at the SDK layer as CloudFormation does — including the
 * ValidationError for a stack that no longer exists and, for a stack being updated,
 * CloudFormation's refusal to detect drift.
 */
@ExtendWith({AwsEndpointExtension.class, DynamoDbLocalExtension.class})
class ScanHandlersIT {
  private static final String ACCOUNT = "123456789012";

  private final DriftApiStandIn cloudFormation = new DriftApiStandIn();
  private final ScanFixtures.PublishRecorder recorder = new ScanFixtures.PublishRecorder();
  private AwsEndpoint aws;
  private AwsClientFactory clients;
  private DynamoDbClient dynamoDb;
  private String table;
  private String topicArn;

  @BeforeEach
  void setUp(AwsEndpoint aws, DynamoDbClient dynamoDb, @ControlTableName String table) {
    this.aws = aws;
    this.dynamoDb = dynamoDb;
    this.table = table;
    clients = aws.clients(recorder, cloudFormation);
    topicArn = clients.sns().createTopic(r -> r.name("fogbank-events")).topicArn();
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  private void deployed(String stack) {
    dynamoDb.putItem(
        r ->
            r.tableName(table)
                .item(
                    Map.of(
                        ControlTable.PK,
                        AttributeValue.fromS("STACK#" + ACCOUNT + "#" + aws.region() + "#" + stack),
                        ControlTable.SK,
                        AttributeValue.fromS("DEPLOY#2026-11-21T10:00:00.000Z#d-" + stack))));
  }

  private DriftScanHandler driftHandler() {
    return new DriftScanHandler(
        new DriftScan(
            new DynamoDbManagedStacks(dynamoDb, table, ACCOUNT, aws.region()),
            new CloudFormationDriftDetector(clients.cloudFormation()),
            new DynamoDbDriftRecords(dynamoDb, table),
            new SnsNotifier(clients.sns(), topicArn),
            Clock.systemUTC(),
            new DriftScanLimits(50, 3, Duration.ofMillis(20))));
  }

  private List<Map<String, AttributeValue>> driftItems(String stack) {
    return dynamoDb
        .query(
            r ->
                r.tableName(table)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :d)")
                    .expressionAttributeValues(
                        Map.of(
                            ":pk",
                            AttributeValue.fromS(
                                "STACK#" + ACCOUNT + "#" + aws.region() + "#" + stack),
                            ":d",
                            AttributeValue.fromS("DRIFT#"))))
        .items();
  }

  @Test
  void driftScan_twice_thenEveryStackRecordedAndTheNewDriftAnnouncedOnce() throws Exception {
    deployed("orders");
    deployed("web");
    deployed("gone");
    cloudFormation
        .stack(
            "orders",
            new Resource("Queue", "AWS::SQS::Queue", "MODIFIED"),
            new Resource("Table", "AWS::DynamoDB::Table", "IN_SYNC"))
        .inProgressPolls("orders", 2)
        .stack("web", new Resource("Bucket", "AWS::S3::Bucket", "IN_SYNC"));

    DriftScanHandler.Result first =
        driftHandler().handle(ScanFixtures.scheduledEvent(), Duration.ofSeconds(60));
    Thread.sleep(5); // DRIFT#<instant> keys of the second scan must differ from the first's
    DriftScanHandler.Result second =
        driftHandler().handle(ScanFixtures.scheduledEvent(), Duration.ofSeconds(60));

    assertEquals(Map.of("DRIFTED", 1L, "GONE", 1L, "IN_SYNC", 1L), first.outcomes());
    assertEquals(first.outcomes(), second.outcomes());
    List<PublishRequest> published = recorder.published();
    assertEquals(1, published.size(), "one alert for a drift that lasted two scans");
    assertEquals("fogbank DRIFT_DETECTED orders", published.getFirst().subject());
    JsonNode message = Json.mapper().readTree(published.getFirst().message());
    assertEquals("DRIFT_DETECTED", message.path("kind").asText());
    assertTrue(
        message.at("/stackStatus/reason").asText().contains("Queue (MODIFIED)"),
        message.toString());
    assertEquals(2, driftItems("orders").size());
    assertEquals(2, driftItems("web").size());
    assertEquals(0, driftItems("gone").size(), "a vanished stack is skipped");
    Map<String, AttributeValue> orders = driftItems("orders").getFirst();
    assertEquals("DRIFTED", orders.get("status").s());
    assertEquals("1", orders.get("driftedCount").n());
    assertEquals("Queue", orders.get("drifts").l().getFirst().m().get("logicalId").s());
    assertEquals("IN_SYNC", driftItems("web").getFirst().get("status").s());
  }

  @Test
  void driftScan_whenOneStackCannotBeDetected_thenTheOthersAreStillRecorded() {
    deployed("busy");
    deployed("web");
    cloudFormation.stack("busy").stack("web");
    // Stands in for CloudFormation refusing drift detection on a stack mid-update (400
    // ValidationError); "busy" is detected first (one at a time, in name order).
    clients.close();
    FaultInjector faults = new FaultInjector();
    faults.failNext(
        "DetectStackDrift",
        1,
        400,
        "ValidationError",
        "Drift detection cannot be performed on a stack in UPDATE_IN_PROGRESS state");
    clients = aws.clients(recorder, faults, cloudFormation);
    topicArn = clients.sns().createTopic(r -> r.name("fogbank-events")).topicArn();

    DriftScanHandler.Result result =
        new DriftScanHandler(
                new DriftScan(
                    new DynamoDbManagedStacks(dynamoDb, table, ACCOUNT, aws.region()),
                    new CloudFormationDriftDetector(clients.cloudFormation()),
                    new DynamoDbDriftRecords(dynamoDb, table),
                    new SnsNotifier(clients.sns(), topicArn),
                    Clock.systemUTC(),
                    new DriftScanLimits(50, 1, Duration.ofMillis(20))))
            .handle(ScanFixtures.scheduledEvent(), Duration.ofSeconds(60));

    assertEquals(Map.of("FAILED", 1L, "IN_SYNC", 1L), result.outcomes());
    assertEquals(0, driftItems("busy").size());
    assertEquals(1, driftItems("web").size());
  }

  @Test
  void costScan_thenCostItemsPerStackAndDayAndTheUntaggedTotalReturned() throws Exception {
    assumeTrue(aws.kind() == AwsEndpoint.Kind.MOTO, "results are configured through moto's API");
    String results =
        """
        {"results": [{"ResultsByTime": [
          {"TimePeriod": {"Start": "2026-11-21", "End": "2026-11-22"}, "Estimated": false,
           "Total": {}, "Groups": [
             {"Keys": ["aws:cloudformation:stack-name$"],
              "Metrics": {"UnblendedCost": {"Amount": "7.5", "Unit": "USD"}}},
             {"Keys": ["aws:cloudformation:stack-name$orders"],
              "Metrics": {"UnblendedCost": {"Amount": "0.42", "Unit": "USD"}}}]}],
          "DimensionValueAttributes": []}]}
        """;
    HttpResponse<String> queued =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(aws.endpoint() + "/moto-api/static/ce/cost-and-usage-results"))
                    .POST(HttpRequest.BodyPublishers.ofString(results))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(201, queued.statusCode());
    CostScanHandler handler =
        new CostScanHandler(
            new CostScan(
                new CostExplorerCostSource(clients.costExplorer(), aws.region()),
                new DynamoDbCostLedger(dynamoDb, table, Clock.systemUTC()),
                ACCOUNT,
                aws.region(),
                Clock.systemUTC()),
            7);

    CostScanHandler.Result result = handler.handle(ScanFixtures.scheduledEvent());

    assertEquals(1, result.recorded());
    assertEquals(List.of("orders"), result.stacks());
    assertEquals(Map.of("USD", "7.5"), result.untagged());
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                r ->
                    r.tableName(table)
                        .key(
                            Map.of(
                                ControlTable.PK,
                                AttributeValue.fromS(
                                    "STACK#" + ACCOUNT + "#" + aws.region() + "#orders"),
                                ControlTable.SK,
                                AttributeValue.fromS("COST#2026-11-21"))))
            .item();
    assertEquals("0.42", item.get("amount").n());
    assertFalse(item.isEmpty());
  }
}
