package dev.fogbank.shared.stackevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackStatusIntakeTest {
  private static final Instant NOW = Instant.parse("2026-11-21T22:41:09Z");

  private final InMemoryClaims claims = new InMemoryClaims();
  private final RecordingNotifier notifier = new RecordingNotifier();
  private final StackStatusIntake intake =
      new StackStatusIntake(claims, notifier, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void accept_whenRollbackFailed_thenClaimedAndOneNotificationNamingEverything() {
    StackStatusEvent event = StackEventFixtures.event(StackEventFixtures.ROLLBACK_FAILED);

    assertEquals(StackStatusOutcome.NOTIFIED, intake.accept(event));

    assertEquals(1, notifier.events.size());
    DeploymentEvent sent = notifier.events.getFirst();
    assertEquals(DeploymentEvent.Kind.STACK_NEEDS_ATTENTION, sent.kind());
    assertEquals("orders", sent.stackName());
    assertEquals("123456789012", sent.account());
    assertEquals("eu-west-1", sent.region());
    assertEquals(Instant.parse("2026-11-21T22:41:07Z"), sent.at());
    assertNull(sent.deploymentId());
    DeploymentEvent.StackStatus status = sent.stackStatus();
    assertEquals(event.stackId(), status.stackId());
    assertEquals("UPDATE_ROLLBACK_FAILED", status.status());
    assertEquals("The following resource(s) failed to update: [OrdersTable].", status.reason());
    assertEquals(
        StackStatusPolicy.nextStep("UPDATE_ROLLBACK_FAILED").orElseThrow(), status.nextStep());
    assertEquals(event.consoleUrl().orElseThrow(), status.consoleUrl());
    assertEquals("c1f4e7a2-58d3-4b6e-9f0a-2d7c8b1e5a93", status.eventId());
  }

  @Test
  void accept_whenClaimed_thenClaimLastsThreeDaysAndDescribesTheEvent() {
    StackStatusEvent event = StackEventFixtures.event(StackEventFixtures.ROLLBACK_FAILED);

    intake.accept(event);

    EventClaim claim = claims.claims.get(event.eventId());
    assertEquals(NOW, claim.claimedAt());
    assertEquals(NOW.plus(Duration.ofDays(3)), claim.expiresAt());
    assertEquals(
        "CloudFormation stack " + event.stackId() + " UPDATE_ROLLBACK_FAILED", claim.description());
  }

  @Test
  void accept_whenSameEventDeliveredTwice_thenSecondIsDuplicateAndStillOneNotification() {
    StackStatusEvent event = StackEventFixtures.event(StackEventFixtures.ROLLBACK_FAILED);

    StackStatusOutcome first = intake.accept(event);
    StackStatusOutcome second = intake.accept(event);

    assertEquals(StackStatusOutcome.NOTIFIED, first);
    assertEquals(StackStatusOutcome.DUPLICATE, second);
    assertEquals(1, notifier.events.size());
  }

  @Test
  void accept_whenSameStatusInANewEvent_thenNotifiedAgain() {
    // A second failure of the same stack is a new event (new id), and worth a second message.
    intake.accept(StackEventFixtures.withStatus("e-1", "UPDATE_ROLLBACK_FAILED"));
    intake.accept(StackEventFixtures.withStatus("e-2", "UPDATE_ROLLBACK_FAILED"));

    assertEquals(2, notifier.events.size());
  }

  @Test
  void accept_whenSuccessOrInProgress_thenClaimedOnlyAndNothingPublished() {
    assertEquals(
        StackStatusOutcome.RECORDED,
        intake.accept(StackEventFixtures.withStatus("e-1", "UPDATE_COMPLETE")));
    assertEquals(
        StackStatusOutcome.RECORDED,
        intake.accept(StackEventFixtures.withStatus("e-2", "UPDATE_ROLLBACK_IN_PROGRESS")));
    assertEquals(
        StackStatusOutcome.DUPLICATE,
        intake.accept(StackEventFixtures.withStatus("e-1", "UPDATE_COMPLETE")));

    assertTrue(notifier.events.isEmpty());
    assertEquals(2, claims.claims.size());
  }

  @Test
  void accept_whenPublishFails_thenClaimGivenBackUnavailableAndRedeliveryNotifies() {
    StackStatusEvent event = StackEventFixtures.event(StackEventFixtures.ROLLBACK_FAILED);
    notifier.failures = 1;

    AwsUnavailableException e =
        assertThrows(AwsUnavailableException.class, () -> intake.accept(event));

    assertEquals(
        "could not publish the notification that stack orders (123456789012, eu-west-1) is"
            + " UPDATE_ROLLBACK_FAILED (event c1f4e7a2-58d3-4b6e-9f0a-2d7c8b1e5a93); the event's"
            + " claim was given back, so a redelivery notifies",
        e.getMessage());
    assertFalse(claims.claims.containsKey(event.eventId()));
    assertEquals(StackStatusOutcome.NOTIFIED, intake.accept(event));
    assertEquals(1, notifier.events.size());
  }

  @Test
  void accept_whenPublishAndReleaseFail_thenMessageSaysTheNotificationIsLost() {
    StackStatusEvent event = StackEventFixtures.event(StackEventFixtures.ROLLBACK_FAILED);
    notifier.failures = 1;
    claims.releaseWorks = false;

    AwsUnavailableException e =
        assertThrows(AwsUnavailableException.class, () -> intake.accept(event));

    assertTrue(e.getMessage().endsWith("this notification is lost"), e.getMessage());
    assertEquals(StackStatusOutcome.DUPLICATE, intake.accept(event));
  }

  @Test
  void accept_whenClaimStoreUnavailable_thenThrowsAndPublishesNothing() {
    claims.unavailable = true;

    assertThrows(
        AwsUnavailableException.class,
        () -> intake.accept(StackEventFixtures.event(StackEventFixtures.ROLLBACK_FAILED)));
    assertTrue(notifier.events.isEmpty());
  }

  /** Behaves like the conditional put: the first claim of an id wins. */
  static final class InMemoryClaims implements EventClaims {
    final Map<String, EventClaim> claims = new HashMap<>();
    boolean releaseWorks = true;
    boolean unavailable;

    @Override
    public synchronized boolean claim(EventClaim claim) {
      if (unavailable) {
        throw new AwsUnavailableException("table down");
      }
      return claims.putIfAbsent(claim.eventId(), claim) == null;
    }

    @Override
    public synchronized boolean release(String eventId) {
      if (!releaseWorks) {
        return false;
      }
      claims.remove(eventId);
      return true;
    }
  }

  static final class RecordingNotifier implements Notifier {
    final List<DeploymentEvent> events = new ArrayList<>();
    int failures;

    @Override
    public void notify(DeploymentEvent event) {
      tryNotify(event);
    }

    @Override
    public boolean tryNotify(DeploymentEvent event) {
      if (failures > 0) {
        failures--;
        return false;
      }
      events.add(event);
      return true;
    }
  }
}
