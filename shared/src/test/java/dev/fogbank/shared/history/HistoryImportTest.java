package dev.fogbank.shared.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@link DynamoDbDeploymentHistory#importAll}: batch writes, then each stack's index item. */
@ExtendWith(DynamoDbLocalExtension.class)
class HistoryImportTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "eu-west-1";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static DeploymentRecord done(String id, StackRef stack, Instant at, DeploymentStatus s) {
    return new DeploymentRecord(
        id, stack, DeploymentSource.API, "arn:aws:iam::123456789012:user/dev", "ab".repeat(32),
        "s3://a/b", Map.of("Env", "prod"), Map.of(), s, at, at.plusSeconds(1), at.plusSeconds(9),
        null, new ChangeSummary(0, 1, 0), null, null, null, null, null, null, null);
  }

  @Test
  void importAll_whenSixtyRecordsOfTwoStacks_thenEachReadBackAndIndexedAtTheNewest(
      DynamoDbClient dynamoDb, @ControlTableName String table) {
    DynamoDbDeploymentHistory history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    StackRef orders = StackRef.of(ACCOUNT, REGION, "orders");
    StackRef billing = StackRef.of(ACCOUNT, REGION, "billing");
    List<DeploymentRecord> records = new ArrayList<>();
    // 60 records, 120 items: several batches and a partial last one; newest not last in the list.
    for (int i = 0; i < 30; i++) {
      DeploymentStatus status = i == 29 ? DeploymentStatus.FAILED : DeploymentStatus.SUCCEEDED;
      records.add(done("d-o-" + i, orders, T0.plusSeconds(3600L * i), status));
      records.add(done("d-b-" + i, billing, T0.plusSeconds(3600L * (29 - i)), status));
    }

    history.importAll(records);

    assertEquals(Optional.of(records.get(10)), history.get(records.get(10).deploymentId()));
    HistoryPage page = history.list(orders, 100, null);
    assertEquals(30, page.items().size());
    assertEquals("d-o-29", page.items().get(0).deploymentId());
    Map<String, StackSummary> summaries = new java.util.HashMap<>();
    new DynamoDbStackSummaries(dynamoDb, table, ACCOUNT, REGION, Clock.systemUTC())
        .list()
        .forEach(s -> summaries.put(s.stack().name(), s));
    assertEquals("d-o-29", summaries.get("orders").latestDeploymentId());
    assertEquals(DeploymentStatus.FAILED, summaries.get("orders").latestStatus());
    // billing's newest (requested last) is d-b-0, written first.
    assertEquals("d-b-0", summaries.get("billing").latestDeploymentId());
    assertEquals(DeploymentStatus.SUCCEEDED, summaries.get("billing").latestStatus());
  }

  @Test
  void importAll_whenARecordHasNoStatus_thenRefusedNamingIt(
      DynamoDbClient dynamoDb, @ControlTableName String table) {
    DynamoDbDeploymentHistory history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    DeploymentRecord noStatus = done("d-x", StackRef.of(ACCOUNT, REGION, "orders"), T0, null);

    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> history.importAll(List.of(noStatus)));
    assertEquals(true, e.getMessage().contains("d-x"), e.getMessage());
  }
}
