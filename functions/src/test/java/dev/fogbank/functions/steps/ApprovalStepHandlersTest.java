package dev.fogbank.functions.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.deploy.StackDeployer;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.review.Replacement;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import fogbank.FunctionFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The review and approval steps as the state machine calls them: the execution state (or the
 * callback Task's payload) in, history on DynamoDB Local out.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class ApprovalStepHandlersTest {
  private static final String ID = "d-20261206T200000-0123456789ab";

  private final List<DeploymentEvent> events = new ArrayList<>();
  private DynamoDbDeploymentHistory history;
  private DeploymentLedger ledger;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    ledger =
        new DeploymentLedger(
            DynamoDbLockStore.create(dynamoDb, table), history, events::add, Clock.systemUTC());
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
  void waitForApproval_whenPayloadHasNoToken_thenInvalidRequestAndNothingRecorded() {
    FunctionFailure failure =
        assertThrows(
            FunctionFailure.class, () -> new WaitForApprovalHandler(ledger).apply(state()));

    assertEquals("fogbank.INVALID_REQUEST", failure.getClass().getName());
    assertEquals(DeploymentStatus.QUEUED, history.get(ID).orElseThrow().status());
  }

  @Test
  void waitForApproval_whenPayloadCarriesTokenAndReview_thenAwaitingApprovalAndAsked() {
    ObjectNode payload = state();
    payload.put("taskToken", "tok-1");
    payload.put("timeoutSeconds", 86_400);
    payload.set("review", review(false));

    new WaitForApprovalHandler(ledger).apply(payload);

    DeploymentRecord record = history.get(ID).orElseThrow();
    assertEquals(DeploymentStatus.AWAITING_APPROVAL, record.status());
    assertEquals("tok-1", record.approvalToken());
    assertEquals(Severity.CRITICAL, record.review().riskLevel());
    assertEquals(DeploymentEvent.Kind.APPROVAL_REQUESTED, events.getLast().kind());
  }

  @Test
  void waitForApproval_whenReviewed_thenTheApprovalRequestCarriesTheReviewFromTheRecord() {
    ObjectNode payload = state();
    payload.put("taskToken", "tok-2");
    payload.put("timeoutSeconds", 86_400);
    payload.set("review", review(false));

    new WaitForApprovalHandler(ledger).apply(payload);

    DeploymentEvent asked = events.getLast();
    assertEquals(DeploymentEvent.Kind.APPROVAL_REQUESTED, asked.kind());
    assertEquals(Severity.CRITICAL, asked.review().riskLevel());
    assertEquals(1, asked.review().changeCount());
    assertEquals("Table", asked.review().riskiest().getFirst().logicalId());
    assertEquals(Replacement.TRUE, asked.review().riskiest().getFirst().replacement());
  }

  @Test
  void recordResult_whenCancellationCaught_thenCancelledWithTheRejectReason() {
    ObjectNode state = state();
    state.set(
        "cancellation",
        Json.mapper()
            .createObjectNode()
            .put("Error", "fogbank.CANCELLED")
            .put("Cause", "rejected by alice: not during the sale"));

    JsonNode result = new RecordResultHandler(ledger).apply(state);

    assertEquals("CANCELLED", result.asText());
    DeploymentRecord record = history.get(ID).orElseThrow();
    assertEquals("CANCELLED", record.error().code());
    assertTrue(record.error().message().contains("not during the sale"), record.error()::message);
  }

  @Test
  void recordResult_whenReviewBlocked_thenFailedChangeSetBlockedWithTheReview() {
    ObjectNode state = state();
    state.set("review", review(true));

    JsonNode result = new RecordResultHandler(ledger).apply(state);

    assertEquals("FAILED", result.asText());
    DeploymentRecord record = history.get(ID).orElseThrow();
    assertEquals("CHANGE_SET_BLOCKED", record.error().code());
    assertTrue(record.error().message().contains("imported by billing"), record.error()::message);
    assertTrue(record.review().blocked());
  }

  @Test
  void reviewChangeSet_whenNoChanges_thenNothingToReview() {
    // No gateway: a NO_CHANGES change set must not reach CloudFormation.
    StackDeployer deployer =
        new StackDeployer(null, null, Optional.empty(), null, Clock.systemUTC());
    ObjectNode state = state();
    state.set("changeSet", Json.mapper().createObjectNode().put("status", "NO_CHANGES"));

    assertTrue(new ReviewChangeSetHandler(deployer).apply(state).isNull());
  }

  private static ObjectNode state() {
    ObjectNode state = Json.mapper().createObjectNode();
    state.put("deploymentId", ID);
    state.put("stackName", "orders");
    state.put("account", "123456789012");
    state.put("region", "us-east-1");
    return state;
  }

  private static JsonNode review(boolean blocked) {
    ObjectNode review = Json.mapper().createObjectNode();
    review.put("riskLevel", "CRITICAL");
    review.put("changeCount", 1);
    review.put("blocked", blocked);
    review.put("approvalRequired", !blocked);
    review.put("approval", "auto-below-high");
    if (blocked) {
      review.putArray("blockReasons").add("export orders-Table is imported by billing");
    }
    ObjectNode change = review.putArray("changes").addObject();
    change.put("action", "Modify").put("logicalId", "Table");
    change.put("resourceType", "AWS::DynamoDB::Table");
    change.put("replacement", "True").put("risk", "CRITICAL").put("reason", "replaced");
    change.putArray("properties");
    return review;
  }
}
