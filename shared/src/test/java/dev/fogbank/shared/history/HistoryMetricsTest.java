package dev.fogbank.shared.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fogbank.shared.deploy.ApprovalDecision;
import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.metrics.Metric;
import dev.fogbank.shared.metrics.Metrics;
import dev.fogbank.shared.metrics.RecordingMetrics;
import dev.fogbank.shared.metrics.RecordingMetrics.Point;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The deployment metrics come from history's accepted writes, each exactly once. */
@ExtendWith(DynamoDbLocalExtension.class)
class HistoryMetricsTest {
  private static final StackRef STACK = StackRef.of("123456789012", "eu-west-1", "orders");
  private static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");

  private final RecordingMetrics metrics = new RecordingMetrics();
  private DynamoDbDeploymentHistory history;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    Metrics.install(metrics);
  }

  @AfterEach
  void tearDown() {
    Metrics.install(Metrics.NONE);
  }

  private void requested(String id) {
    history.append(
        DeploymentRecord.requested(
            id, STACK, DeploymentSource.API, "alice", "ab".repeat(32), "s3://a/t", Map.of(),
            Map.of(), T0));
  }

  @Test
  void transition_whenLockTakenTwiceAndEndedTwice_thenLockWaitAndOutcomeCountedOnce() {
    requested("d-1");

    history.transition("d-1", StatusChange.running(T0.plusSeconds(5)));
    history.transition("d-1", StatusChange.running(T0.plusSeconds(9))); // a retried step
    history.transition(
        "d-1", StatusChange.succeeded(T0.plusSeconds(20), new ChangeSummary(1, 0, 0)));
    history.transition(
        "d-1",
        StatusChange.failed(T0.plusSeconds(30), new DeploymentError("INTERNAL", "late")));

    assertEquals(List.of(5000.0), values(Metric.LOCK_WAIT));
    List<Point> ended = metrics.of(Metric.DEPLOYMENTS);
    assertEquals(1, ended.size(), "history ends a record once");
    assertEquals("SUCCEEDED", ended.getFirst().dimension());
    assertEquals(Map.of("deploymentId", "d-1", "stack", "orders"), ended.getFirst().properties());
    assertEquals(List.of(20000.0), values(Metric.DEPLOYMENT_DURATION));
  }

  @Test
  void transition_whenApprovedAfterAMinute_thenApprovalWaitApproved() {
    requested("d-2");
    history.transition("d-2", StatusChange.running(T0));
    history.transition("d-2", StatusChange.awaitingApproval(T0.plusSeconds(10), null, "tok"));
    history.transition("d-2", StatusChange.awaitingApproval(T0.plusSeconds(15), null, "tok"));

    history.transition(
        "d-2",
        StatusChange.running(T0.plusSeconds(70))
            .withApproval(
                new ApprovalDecision(
                    ApprovalDecision.APPROVED, "bob", T0.plusSeconds(70), null)));

    List<Point> waits = metrics.of(Metric.APPROVAL_WAIT);
    assertEquals(1, waits.size());
    assertEquals("APPROVED", waits.getFirst().dimension());
    assertEquals(60000.0, waits.getFirst().value(), "from the first AWAITING_APPROVAL");
    assertEquals(List.of(0.0), values(Metric.LOCK_WAIT), "the approval is not a lock wait");
  }

  @Test
  void transition_whenCancelledWhileAwaitingWithoutDecision_thenApprovalWaitTimedOut() {
    requested("d-3");
    history.transition("d-3", StatusChange.running(T0));
    history.transition("d-3", StatusChange.awaitingApproval(T0.plusSeconds(10), null, "tok"));

    history.transition(
        "d-3",
        StatusChange.cancelled(
            T0.plusSeconds(3610), new DeploymentError("CANCELLED", "nobody approved")));

    List<Point> waits = metrics.of(Metric.APPROVAL_WAIT);
    assertEquals(1, waits.size());
    assertEquals("TIMED_OUT", waits.getFirst().dimension());
    assertEquals(3_600_000.0, waits.getFirst().value());
    assertEquals("CANCELLED", metrics.of(Metric.DEPLOYMENTS).getFirst().dimension());
  }

  @Test
  void transition_whenCancelledWhileQueued_thenNoApprovalWait() {
    requested("d-4");

    history.transition(
        "d-4", StatusChange.cancelled(T0.plusSeconds(1), new DeploymentError("CANCELLED", "x")));

    assertEquals(List.of(), metrics.of(Metric.APPROVAL_WAIT));
    assertEquals(List.of(1000.0), values(Metric.DEPLOYMENT_DURATION));
  }

  private List<Double> values(Metric metric) {
    return metrics.of(metric).stream().map(Point::value).toList();
  }
}
