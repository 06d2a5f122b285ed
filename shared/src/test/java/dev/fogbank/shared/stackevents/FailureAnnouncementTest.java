package dev.fogbank.shared.stackevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.execution.DeploymentResumer;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One message per failed deployment: the deploy state machine's Notify step and the stack-events
 * function both claim NOTIFY#<deploymentId>#FAILED in the control table (DynamoDB Local), in
 * either order; the second sends nothing. The event is the update-rollback-failed fixture (stack
 * "orders", CloudFormation's time 22:41:07) shaped like AWS's "Stack Status Change" event.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class FailureAnnouncementTest {
  private static final StackRef STACK = StackRef.of("123456789012", "eu-west-1", "orders");
  private static final Instant STARTED = Instant.parse("2026-11-21T22:35:01Z");
  private static final Instant ENDED = Instant.parse("2026-11-21T22:41:20Z");

  private final List<DeploymentEvent> sent = new CopyOnWriteArrayList<>();
  private DynamoDbLockStore locks;
  private DynamoDbDeploymentHistory history;
  private DeploymentLedger ledger;
  private StackStatusIntake intake;
  private DeploymentInput in;
  private DynamoDbEventClaims claimsForTest;

  /** A waiting task is always there to resume (the test is about the failure message). */
  private static final DeploymentResumer ALWAYS_RESUMES =
      new DeploymentResumer() {
        @Override
        public boolean resume(String taskToken, String outputJson) {
          return true;
        }

        @Override
        public boolean fail(String taskToken, String error, String cause) {
          return true;
        }
      };

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    Clock clock = Clock.fixed(ENDED, ZoneOffset.UTC);
    Notifier notifier = sent::add;
    DynamoDbEventClaims claims = new DynamoDbEventClaims(dynamoDb, table);
    claimsForTest = claims;
    locks = new DynamoDbLockStore(dynamoDb, table, clock);
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    ledger = new DeploymentLedger(locks, history, notifier, clock, claims);
    intake =
        new StackStatusIntake(claims, notifier, locks, ALWAYS_RESUMES, history, clock);
    String id = "d-" + System.nanoTime();
    DeploymentRecord record =
        DeploymentRecord.requested(
            id, STACK, DeploymentSource.API, "tester", "0".repeat(64), "loc", Map.of(), Map.of(),
            STARTED);
    history.append(record);
    history.transition(id, StatusChange.running(STARTED));
    assertTrue(locks.acquire(STACK, "deployment/" + id, id, Duration.ofHours(1)).acquired());
    in = DeploymentInput.fromRecord(record, null, DeploymentOptions.defaults());
  }

  @Test
  void failure_whenStackEventComesFirst_thenItsAlertIsTheOnlyMessage() {
    StackStatusOutcome outcome = intake.accept(event("e-1"));
    deploymentFailsAndAnnounces();

    assertEquals(StackStatusOutcome.NOTIFIED, outcome);
    assertEquals(
        List.of(DeploymentEvent.Kind.STACK_NEEDS_ATTENTION),
        sent.stream().map(DeploymentEvent::kind).toList());
  }

  @Test
  void failure_whenDeploymentAnnouncesFirst_thenTheLateStackEventSendsNothing() {
    deploymentFailsAndAnnounces();
    StackStatusOutcome outcome = intake.accept(event("e-1"));

    assertEquals(StackStatusOutcome.ANNOUNCED_BY_DEPLOYMENT, outcome);
    assertEquals(
        List.of(DeploymentEvent.Kind.FAILED), sent.stream().map(DeploymentEvent::kind).toList());
    assertEquals(in.deploymentId(), sent.getFirst().deploymentId());
  }

  @Test
  void failure_whenTheStackFailsAgainLongAfterTheDeploymentEnded_thenThatIsAlertedToo() {
    deploymentFailsAndAnnounces();
    // Someone changed the stack outside fogbank two hours later, and it failed: not this
    // deployment's failure, so it must not be taken for one already announced.
    com.fasterxml.jackson.databind.node.ObjectNode later =
        StackEventFixtures.load(StackEventFixtures.ROLLBACK_FAILED);
    later.put("id", "e-later");
    later.put("time", ENDED.plus(Duration.ofHours(2)).toString());

    StackStatusOutcome outcome = intake.accept(StackStatusEventReader.read(later));

    assertEquals(StackStatusOutcome.NOTIFIED, outcome);
    assertEquals(2, sent.size());
  }

  @Test
  void notifyOutcome_whenTheNotifyStepRunsTwice_thenOneMessagePerOutcome() {
    history.transition(in.deploymentId(), StatusChange.noChanges(ENDED));
    ledger.notifyOutcome(in);
    ledger.notifyOutcome(in); // the state machine retried the step after a timeout

    assertEquals(
        List.of(DeploymentEvent.Kind.NO_CHANGES),
        sent.stream().map(DeploymentEvent::kind).toList());
  }

  @Test
  void notifyOutcome_whenTheHandOverFailed_thenTheRetrySendsIt() {
    List<DeploymentEvent> delivered = new CopyOnWriteArrayList<>();
    boolean[] up = {false};
    Notifier flaky =
        new Notifier() {
          @Override
          public void notify(DeploymentEvent event) {
            tryNotify(event);
          }

          @Override
          public boolean tryNotify(DeploymentEvent event) {
            if (up[0]) {
              delivered.add(event);
            }
            return up[0];
          }
        };
    DeploymentLedger flakyLedger =
        new DeploymentLedger(
            locks, history, flaky, Clock.fixed(ENDED, ZoneOffset.UTC), claimsForTest);
    history.transition(in.deploymentId(), StatusChange.noChanges(ENDED));
    flakyLedger.notifyOutcome(in); // SNS refused: the claim is given back
    up[0] = true;
    flakyLedger.notifyOutcome(in);
    flakyLedger.notifyOutcome(in);

    assertEquals(1, delivered.size());
  }

  private void deploymentFailsAndAnnounces() {
    ledger.recordFailure(in, new DeploymentError("STACK_FAILED", "stack 'orders' ended badly"));
    ledger.releaseLock(in);
    ledger.notifyOutcome(in);
  }

  private static StackStatusEvent event(String id) {
    return StackEventFixtures.withStatus(id, "UPDATE_ROLLBACK_FAILED");
  }
}
