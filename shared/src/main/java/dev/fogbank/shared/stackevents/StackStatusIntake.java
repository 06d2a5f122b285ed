package dev.fogbank.shared.stackevents;

import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides what a CloudFormation Stack Status Change event means: every event is claimed once by its
 * id, and the first delivery of a status that needs a person ({@link StackStatusPolicy}) publishes
 * one {@link DeploymentEvent.Kind#STACK_NEEDS_ATTENTION} notification.
 *
 * <p>A notification that could not be published gives the claim back and fails with {@code
 * AWS_UNAVAILABLE}, so that the event source's retry notifies instead of the alert being lost; it
 * is the very alert people miss today.
 */
public final class StackStatusIntake {

  /**
   * How long a claim outlives its first delivery. EventBridge retries a target for at most 24 hours
   * and Lambda keeps an asynchronous event at most 6 hours, so a redelivery comes within a day;
   * three days leave room, and DynamoDB's TTL clean-up is lazy anyway.
   */
  static final Duration CLAIM_RETENTION = Duration.ofDays(3);

  private final EventClaims claims;
  private final Notifier notifier;
  private final Clock clock;

  public StackStatusIntake(EventClaims claims, Notifier notifier, Clock clock) {
    this.claims = Objects.requireNonNull(claims, "claims");
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public StackStatusOutcome accept(StackStatusEvent event) {
    Objects.requireNonNull(event, "event");
    Instant now = clock.instant();
    EventClaim claim =
        new EventClaim(
            event.eventId(),
            "CloudFormation stack " + event.stackId() + " " + event.status(),
            now,
            now.plus(CLAIM_RETENTION));
    if (!claims.claim(claim)) {
      return StackStatusOutcome.DUPLICATE;
    }
    if (!StackStatusPolicy.needsAttention(event.status())) {
      return StackStatusOutcome.RECORDED;
    }
    if (notifier.tryNotify(notification(event))) {
      return StackStatusOutcome.NOTIFIED;
    }
    boolean released = claims.release(event.eventId());
    throw new AwsUnavailableException(
        "could not publish the notification that stack "
            + event.stackName()
            + " ("
            + event.account()
            + ", "
            + event.region()
            + ") is "
            + event.status()
            + " (event "
            + event.eventId()
            + "); "
            + (released
                ? "the event's claim was given back, so a redelivery notifies"
                : "its claim could not be given back either, so a redelivery will be taken for a"
                    + " duplicate and this notification is lost"));
  }

  static DeploymentEvent notification(StackStatusEvent event) {
    return DeploymentEvent.stackNeedsAttention(
        event.stackName(),
        event.account(),
        event.region(),
        event.time(),
        new DeploymentEvent.StackStatus(
            event.stackId(),
            event.status(),
            event.statusReason(),
            StackStatusPolicy.nextStep(event.status()).orElse(null),
            event.consoleUrl().orElse(null),
            event.eventId()));
  }
}
