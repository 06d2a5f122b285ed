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
import dev.fogbank.shared.drift.DriftApiStandIn;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
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
 * The cost scan function as a schedule invokes it, through the real SDK: the control table on
 * DynamoDB Local, SNS and Cost Explorer on the emulator. (The drift scan runs as a state machine:
 * see cli's DriftScanStateMachineIT.)
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
    // A real history record: the stack index the managed-stack listing reads is written with it.
    new dev.fogbank.shared.history.DynamoDbDeploymentHistory(dynamoDb, table)
        .append(
            dev.fogbank.shared.history.DeploymentRecord.requested(
                "d-" + stack,
                dev.fogbank.shared.stack.StackRef.of(ACCOUNT, aws.region(), stack),
                dev.fogbank.shared.deploy.DeploymentSource.API,
                "tester",
                "ab".repeat(32),
                "s3://artifacts/templates/" + "ab".repeat(32),
                Map.of(),
                Map.of(),
                java.time.Instant.parse("2026-11-21T10:00:00Z")));
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
