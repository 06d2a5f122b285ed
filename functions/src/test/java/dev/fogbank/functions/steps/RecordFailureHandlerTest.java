package dev.fogbank.functions.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.review.ReviewedChange;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void apply_whenExecutedChangeSetFailedAfterReview_thenRecordAndAnnouncementCarryTheReview(
      DynamoDbClient dynamoDb, @ControlTableName String table) throws IOException {
    List<DeploymentEvent> events = new ArrayList<>();
    DeploymentLedger ledger =
        new DeploymentLedger(
            DynamoDbLockStore.create(dynamoDb, table), history, events::add, Clock.systemUTC());
    ObjectNode state = fixture();
    state.putObject("failure").put("Error", "fogbank.STACK_FAILED").put("Cause", "");
    state.set("review", review());

    new RecordFailureHandler(ledger).apply(state);
    new NotifyHandler(ledger).apply(state);

    DeploymentRecord record = history.get(ID).orElseThrow();
    assertEquals(DeploymentStatus.FAILED, record.status());
    assertEquals(Severity.CRITICAL, record.review().riskLevel());
    DeploymentEvent failed = events.getLast();
    assertEquals(DeploymentEvent.Kind.FAILED, failed.kind());
    assertEquals(3, failed.review().changeCount());
    assertEquals(
        List.of("Table", "Role"),
        failed.review().riskiest().stream().map(ReviewedChange::logicalId).toList());
  }

  @Test
  void apply_whenReviewMalformed_thenFailureRecordedWithoutIt() throws IOException {
    ObjectNode state = fixture();
    state.put("review", "not a review");

    JsonNode result = handler.apply(state);

    assertEquals("FAILED", result.asText());
    assertEquals("LOCKED", history.get(ID).orElseThrow().error().code());
    assertNull(history.get(ID).orElseThrow().review());
  }

  /** $.review as ReviewChangeSet leaves it: the IAM change listed before the table's. */
  private static ObjectNode review() {
    ObjectNode review = Json.mapper().createObjectNode();
    review.put("riskLevel", "CRITICAL").put("changeCount", 3);
    review.putObject("countsByAction").put("Modify", 2).put("Add", 1);
    review.putObject("countsByRisk").put("CRITICAL", 1).put("HIGH", 1).put("LOW", 1);
    review.put("blocked", false).put("approvalRequired", false).put("approval", "never");
    var changes = review.putArray("changes");
    changes
        .addObject()
        .put("action", "Modify")
        .put("logicalId", "Role")
        .put("resourceType", "AWS::IAM::Role")
        .put("replacement", "False")
        .put("risk", "HIGH")
        .put("reason", "security change: AWS::IAM::Role Role is modified (Policies)")
        .putArray("properties");
    changes
        .addObject()
        .put("action", "Modify")
        .put("logicalId", "Table")
        .put("resourceType", "AWS::DynamoDB::Table")
        .put("replacement", "True")
        .put("risk", "CRITICAL")
        .put("reason", "AWS::DynamoDB::Table Table is replaced (KeySchema)")
        .putArray("properties");
    return review;
  }

  private static ObjectNode fixture() throws IOException {
    try (InputStream in =
        RecordFailureHandlerTest.class.getResourceAsStream(
            "/events/step-record-failure-state.json")) {
      return (ObjectNode) Json.mapper().readTree(in);
    }
  }
}
