package dev.fogbank.shared.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.execution.DeploymentResumer;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.DeploymentQuery;
import dev.fogbank.shared.history.HistoryPage;
import dev.fogbank.shared.history.HistoryPosition;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An approve and a reject of the same waiting deployment at the same moment, on DynamoDB Local:
 * both threads read the record as AWAITING_APPROVAL before either writes (a latch in the history's
 * first reads makes that certain), so only the conditional write can tell them apart.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class DeploymentApprovalsRaceTest {
  private static final Instant T0 = Instant.parse("2026-12-07T02:00:00Z");

  /** SendTaskSuccess/SendTaskFailure as calls, from any thread. */
  private static final class RecordingResumer implements DeploymentResumer {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @Override
    public boolean resume(String taskToken, String outputJson) {
      calls.add("success");
      return true;
    }

    @Override
    public boolean fail(String taskToken, String error, String cause) {
      calls.add("failure");
      return true;
    }
  }

  /** The real history, whose first two reads wait for each other. */
  private record RacingHistory(DeploymentHistory real, CountDownLatch bothRead, AtomicInteger reads)
      implements DeploymentHistory {
    @Override
    public Optional<DeploymentRecord> get(String deploymentId) {
      Optional<DeploymentRecord> record = real.get(deploymentId);
      if (reads.incrementAndGet() <= 2) {
        bothRead.countDown();
        try {
          bothRead.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return record;
    }

    @Override
    public void append(DeploymentRecord record) {
      real.append(record);
    }

    @Override
    public DeploymentRecord transition(String deploymentId, StatusChange change) {
      return real.transition(deploymentId, change);
    }

    @Override
    public Optional<DeploymentRecord> transitionIf(
        String deploymentId, DeploymentStatus expected, StatusChange change) {
      return real.transitionIf(deploymentId, expected, change);
    }

    @Override
    public HistoryPage list(StackRef stack, int limit, String nextToken) {
      return real.list(stack, limit, nextToken);
    }

    @Override
    public List<DeploymentRecord> find(
        StackRef stack, DeploymentQuery query, HistoryPosition after, int limit) {
      return real.find(stack, query, after, limit);
    }

    @Override
    public void recordEvents(
        String deploymentId, List<dev.fogbank.shared.stack.StackEvent> events, boolean complete) {
      real.recordEvents(deploymentId, events, complete);
    }

    @Override
    public boolean eventsComplete(String deploymentId) {
      return real.eventsComplete(deploymentId);
    }

    @Override
    public dev.fogbank.shared.history.StackEventPage events(
        String deploymentId, String afterCursor, int limit) {
      return real.events(deploymentId, afterCursor, limit);
    }
  }

  @RepeatedTest(3)
  void approveAndReject_whenAtOnce_thenExactlyOneDecisionRecordedAndResumed_theOtherIs409(
      DynamoDbClient dynamoDb, @ControlTableName String table) throws Exception {
    DynamoDbDeploymentHistory real = DynamoDbDeploymentHistory.create(dynamoDb, table);
    String id = "d-race-" + System.nanoTime();
    real.append(
        DeploymentRecord.requested(
            id, StackRef.of("123456789012", "us-east-1", "orders"), DeploymentSource.API,
            "alice", "ab".repeat(32), "memory:t", Map.of(), Map.of(), T0));
    real.transition(id, StatusChange.running(T0));
    real.transition(id, StatusChange.awaitingApproval(T0, null, "token-" + id));
    RecordingResumer resumer = new RecordingResumer();
    DeploymentApprovals approvals =
        new DeploymentApprovals(
            new RacingHistory(real, new CountDownLatch(2), new AtomicInteger()),
            resumer,
            Clock.systemUTC());

    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<String> approve =
          threads.submit(() -> outcome(() -> approvals.approve(id, "alice", null)));
      Future<String> reject =
          threads.submit(() -> outcome(() -> approvals.reject(id, "bob", "not today")));
      List<String> outcomes =
          List.of(approve.get(30, TimeUnit.SECONDS), reject.get(30, TimeUnit.SECONDS));

      assertEquals(1, outcomes.stream().filter("decided"::equals).count(), outcomes::toString);
      assertEquals(
          1, outcomes.stream().filter("NOT_AWAITING_APPROVAL"::equals).count(), outcomes::toString);
      assertEquals(1, resumer.calls.size(), "the loser resumes nothing: " + resumer.calls);
      DeploymentRecord stored = real.get(id).orElseThrow();
      String winner = outcomes.get(0).equals("decided") ? "APPROVED" : "REJECTED";
      assertEquals(winner, stored.approval().decision());
      assertEquals(winner.equals("APPROVED") ? "success" : "failure", resumer.calls.getFirst());
      assertTrue(stored.status() == DeploymentStatus.RUNNING, stored.status()::name);
    } finally {
      threads.shutdownNow();
    }
  }

  private static String outcome(Runnable decision) {
    try {
      decision.run();
      return "decided";
    } catch (DeploymentException e) {
      return e.code() == ErrorCode.NOT_AWAITING_APPROVAL ? e.code().name() : "other " + e;
    }
  }
}
