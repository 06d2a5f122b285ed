package dev.fogbank.functions.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.deploy.StepResults.TemplateCheck;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.rules.Finding;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.template.TextPosition;
import dev.fogbank.shared.validation.ValidationPolicy;
import dev.fogbank.shared.validation.ValidationReport;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * RecordResult ends the deployment's turn: after the record it releases the stack's lock itself
 * (the state machine has no ReleaseLock state after it), and only a lock its deployment holds.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class RecordResultLockTest {
  private static final String ID = "d-20261208T010000-0123456789ab";
  private static final StackRef STACK = StackRef.of("123456789012", "us-east-1", "orders");

  private DynamoDbDeploymentHistory history;
  private DynamoDbLockStore locks;
  private RecordResultHandler handler;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    locks = DynamoDbLockStore.create(dynamoDb, table);
    handler =
        new RecordResultHandler(new DeploymentLedger(locks, history, event -> {}, Clock.systemUTC()));
    history.append(
        DeploymentRecord.requested(
            ID, STACK, DeploymentSource.API, "pipeline", null, null, Map.of(), Map.of(),
            Instant.now()));
  }

  @Test
  void apply_whenDeploymentHoldsTheLock_thenRecordEndsAndLockIsReleased() {
    assertTrue(locks.acquire(STACK, "deployment/" + ID, ID, Duration.ofMinutes(10)).acquired());

    assertEquals("NO_CHANGES", handler.apply(state("NO_CHANGES")).asText());

    assertEquals(DeploymentStatus.NO_CHANGES, history.get(ID).orElseThrow().status());
    assertTrue(locks.read(STACK).isEmpty(), "the lock was released by RecordResult");
  }

  @Test
  void apply_whenRetriedAfterAnotherDeploymentTookTheLock_thenItsLockIsKept() {
    assertTrue(locks.acquire(STACK, "deployment/" + ID, ID, Duration.ofMinutes(10)).acquired());
    handler.apply(state("NO_CHANGES"));
    String next = "d-20261208T010001-0123456789ab";
    assertTrue(locks.acquire(STACK, "deployment/" + next, next, Duration.ofMinutes(10)).acquired());

    // The state machine retries the step (its answer was lost): the record stays, the next
    // deployment's lock is not touched.
    assertEquals("NO_CHANGES", handler.apply(state("NO_CHANGES")).asText());

    assertEquals(next, locks.read(STACK).orElseThrow().deploymentId());
  }

  @Test
  void apply_whenValidationRejected_thenRejectionRecordedAndLockReleased() {
    assertTrue(locks.acquire(STACK, "deployment/" + ID, ID, Duration.ofMinutes(10)).acquired());
    ObjectNode state = state("NO_CHANGES");
    state.remove("changeSet");
    ValidationReport report =
        ValidationReport.of(
            List.of(
                new Finding(
                    "S3_PUBLIC_READ",
                    Severity.CRITICAL,
                    "Bucket",
                    "Resources.Bucket.Properties.AccessControl",
                    "the bucket is public",
                    new TextPosition(4, 7),
                    null)),
            ValidationPolicy.defaults());
    state.set(
        "template",
        Json.mapper().valueToTree(new TemplateCheck(100, 1, "yaml", List.of(), true, report)));

    assertEquals("REJECTED", handler.apply(state).asText());

    assertTrue(locks.read(STACK).isEmpty(), "the lock was released after the rejection");
  }

  private static ObjectNode state(String changeSetStatus) {
    ObjectNode state = Json.mapper().createObjectNode();
    state.put("deploymentId", ID);
    state.put("stackName", STACK.name());
    state.put("account", STACK.account());
    state.put("region", STACK.region());
    state
        .putObject("changeSet")
        .put("changeSetId", "arn:aws:cloudformation:us-east-1:123456789012:changeSet/x/1")
        .put("changeSetName", "fogbank-" + ID)
        .put("type", "UPDATE")
        .put("status", changeSetStatus);
    return state;
  }
}
