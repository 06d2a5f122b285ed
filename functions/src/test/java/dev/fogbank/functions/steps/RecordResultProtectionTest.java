package dev.fogbank.functions.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * RecordResult keeps what ExecuteChangeSet set on the stack ({@code $.execution.protection}) with
 * the deployment, as the state machine hands it the execution state.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class RecordResultProtectionTest {
  private static final String ID = "d-20261206T220000-0123456789ab";
  private static final String SHA = "a".repeat(64);

  private DynamoDbDeploymentHistory history;
  private DeploymentLedger ledger;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    ledger =
        new DeploymentLedger(
            DynamoDbLockStore.create(dynamoDb, table), history, event -> {}, Clock.systemUTC());
    history.append(
        DeploymentRecord.requested(
            ID,
            StackRef.of("123456789012", "us-east-1", "orders"),
            DeploymentSource.API,
            "pipeline",
            null,
            null,
            Map.of(),
            Map.of(),
            Instant.now()));
  }

  @Test
  void recordResult_whenExecutionCarriesProtection_thenStoredWithTheDeployment() {
    ObjectNode state = executedState();
    ObjectNode execution = (ObjectNode) state.get("execution");
    execution
        .putObject("protection")
        .put("stackPolicy", "protect-all")
        .put("stackPolicySha256", SHA)
        .put("terminationProtection", true);

    assertEquals("SUCCEEDED", new RecordResultHandler(ledger).apply(state).asText());

    DeploymentRecord record = history.get(ID).orElseThrow();
    assertEquals("protect-all", record.stackProtection().stackPolicy());
    assertEquals(SHA, record.stackProtection().stackPolicySha256());
    assertTrue(record.stackProtection().terminationProtection());
  }

  @Test
  void recordResult_whenExecutionFromBeforeProtection_thenNothingStored() {
    // An execution state written before ExecuteChangeSet reported protection has none.
    assertEquals("SUCCEEDED", new RecordResultHandler(ledger).apply(executedState()).asText());

    assertNull(history.get(ID).orElseThrow().stackProtection());
  }

  private static ObjectNode executedState() {
    ObjectNode state = Json.mapper().createObjectNode();
    state.put("deploymentId", ID);
    state.put("stackName", "orders");
    state.put("account", "123456789012");
    state.put("region", "us-east-1");
    state
        .putObject("changeSet")
        .put("changeSetId", "arn:aws:cloudformation:us-east-1:123456789012:changeSet/x/1")
        .put("changeSetName", "fogbank-" + ID)
        .put("type", "UPDATE")
        .put("status", "READY")
        .putObject("summary")
        .put("adds", 1);
    state
        .putObject("execution")
        .put("executedAt", "2026-12-06T22:00:00Z")
        .put("deadline", "2026-12-06T23:00:00Z");
    return state;
  }
}
