package dev.fogbank.functions.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * RecordFailure as the state machine's Catch reaches it: the execution state of the fixture
 * (deployment input, the lock attempt, $.failure), recorded in history on DynamoDB Local.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class RecordFailureHandlerTest {
  private static final String ID = "d-20261121T220501-3f9a1c2b7d4e"; // the fixture's
  private static final Notifier SILENT = event -> {};

  @TempDir Path dataDir;

  private DynamoDbDeploymentHistory history;
  private RecordFailureHandler handler;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    // RecordFailure touches only history: no stack gateway is needed (null).
    handler =
        new RecordFailureHandler(
            new DeploymentLedger(
                DynamoDbLockStore.create(dynamoDb, table), history, SILENT, Clock.systemUTC()));
    history.append(
        DeploymentRecord.requested(
            ID,
            StackRef.of("123456789012", "us-east-1", "web"),
            DeploymentSource.API,
            "pipeline",
            null,
            null,
            Map.of(),
            Map.of(),
            Instant.parse("2026-11-21T22:05:01.123Z")));
  }

  @Test
  void apply_whenLockWaitRanOut_thenFailedLockedWithStepMessage() throws IOException {
    JsonNode result = handler.apply(fixture());

    assertEquals("FAILED", result.asText());
    DeploymentRecord record = history.get(ID).orElseThrow();
    assertEquals(DeploymentStatus.FAILED, record.status());
    assertEquals(
        new DeploymentError(
            "LOCKED",
            "stack 'web' stayed locked by deployment d-20261121T215800-aa11bb22cc33 for the whole"
                + " wait of 600 s (lock expires 2026-11-21T23:58:00Z)"),
        record.error());
  }

  @Test
  void apply_whenStepTimedOut_thenFailedInternalTimedOut() throws IOException {
    ObjectNode state = fixture();
    state.putObject("failure").put("Error", "States.Timeout").put("Cause", "");

    handler.apply(state);

    assertEquals(
        new DeploymentError("INTERNAL", "a deployment step timed out"),
        history.get(ID).orElseThrow().error());
  }

  @Test
  void apply_whenDeploymentAlreadyEnded_thenHistoryIsKept() throws IOException {
    history.transition(ID, StatusChange.running(Instant.parse("2026-11-21T22:05:02Z")));
    history.transition(ID, StatusChange.noChanges(Instant.parse("2026-11-21T22:05:09Z")));

    JsonNode result = handler.apply(fixture());

    assertEquals("NO_CHANGES", result.asText());
    assertEquals(null, history.get(ID).orElseThrow().error());
  }

  private static ObjectNode fixture() throws IOException {
    try (InputStream in =
        RecordFailureHandlerTest.class.getResourceAsStream(
            "/events/step-record-failure-state.json")) {
      return (ObjectNode) Json.mapper().readTree(in);
    }
  }
}
