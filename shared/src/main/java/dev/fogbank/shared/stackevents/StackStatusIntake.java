package dev.fogbank.shared.stackevents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.execution.DeploymentResumer;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.LockStore;
import dev.fogbank.shared.lock.StackLock;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides what a CloudFormation Stack Status Change event means: every event is claimed once by its
 * id; a status that ends an operation resumes the deployment whose WaitForStack waits on the stack
 * (the task token kept with the stack's lock, completed through the {@link DeploymentResumer}); and
 * the first delivery of a status that needs a person ({@link StackStatusPolicy}) publishes one
 * {@link DeploymentEvent.Kind#STACK_NEEDS_ATTENTION} notification.
 *
 * <p>The resumed deployment does not trust the event's status: its next state asks CloudFormation
 * (CheckStack), so a stale or out-of-order event costs one DescribeStacks, never a wrong result.
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

  /** CloudFormation's clock (the event's time) and the functions' may differ a little. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private static final String FAILED = DeploymentStatus.FAILED.name();

  private final EventClaims claims;
  private final Notifier notifier;
  private final Clock clock;
  private final LockStore locks;
  private final DeploymentResumer resumer;
  private final DeploymentHistory history;

  /** An intake that notifies only and resumes no deployment. */
  public StackStatusIntake(EventClaims claims, Notifier notifier, Clock clock) {
    this(claims, notifier, null, null, clock);
  }

  public StackStatusIntake(
      EventClaims claims,
      Notifier notifier,
      LockStore locks,
      DeploymentResumer resumer,
      Clock clock) {
    this(claims, notifier, locks, resumer, null, clock);
  }

  /**
   * @param history to find the deployment a status belongs to after it released the lock, so that
   *     a failed deployment is announced once ({@link EventClaim#announcement}); null to alert on
   *     every status that needs a person
   */
  public StackStatusIntake(
      EventClaims claims,
      Notifier notifier,
      LockStore locks,
      DeploymentResumer resumer,
      DeploymentHistory history,
      Clock clock) {
    this.history = history;
    this.claims = Objects.requireNonNull(claims, "claims");
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    this.clock = Objects.requireNonNull(clock, "clock");
    if ((locks == null) != (resumer == null)) {
      throw new IllegalArgumentException("resuming deployments needs both the locks and a resumer");
    }
    this.locks = locks;
    this.resumer = resumer;
  }

  /** Whether {@code status} ends a stack operation (every status but the *_IN_PROGRESS ones). */
  static boolean endsOperation(String status) {
    return !status.endsWith("_IN_PROGRESS");
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
    boolean resumed;
    try {
      resumed = resumeWaitingDeployment(event);
    } catch (RuntimeException e) {
      // Give the claim back: the event source's retry must try the resumption again.
      claims.release(event.eventId());
      throw e;
    }
    if (!StackStatusPolicy.needsAttention(event.status())) {
      return resumed ? StackStatusOutcome.RESUMED : StackStatusOutcome.RECORDED;
    }
    Optional<EventClaim> announcement =
        failedDeployment(event).map(id -> EventClaim.announcement(id, FAILED, now));
    if (announcement.isPresent() && !claims.claim(announcement.get())) {
      return StackStatusOutcome.ANNOUNCED_BY_DEPLOYMENT;
    }
    if (notifier.tryNotify(notification(event))) {
      return StackStatusOutcome.NOTIFIED;
    }
    announcement.ifPresent(a -> claims.release(a.eventId()));
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

  /**
   * The deployment this failed status belongs to, which announces its own failure: the one holding
   * the stack's lock, or, once it let go, the stack's newest deployment if it is FAILED and was
   * running when CloudFormation changed the status.
   */
  private Optional<String> failedDeployment(StackStatusEvent event) {
    if (locks == null) {
      return Optional.empty();
    }
    StackRef stack = StackRef.of(event.account(), event.region(), event.stackName());
    Optional<StackLock> lock = locks.read(stack);
    if (lock.isPresent()) {
      return Optional.ofNullable(lock.get().deploymentId());
    }
    if (history == null) {
      return Optional.empty();
    }
    return history.list(stack, 1, null).items().stream()
        .findFirst()
        .filter(r -> r.status() == DeploymentStatus.FAILED)
        .filter(r -> r.startedAt() != null && r.endedAt() != null)
        .filter(
            r ->
                !event.time().isBefore(r.startedAt().minus(CLOCK_SKEW))
                    && !event.time().isAfter(r.endedAt().plus(CLOCK_SKEW)))
        .map(DeploymentRecord::deploymentId);
  }

  private boolean resumeWaitingDeployment(StackStatusEvent event) {
    if (locks == null || !endsOperation(event.status())) {
      return false;
    }
    StackRef stack = StackRef.of(event.account(), event.region(), event.stackName());
    Optional<String> token = locks.read(stack).map(StackLock::waitToken);
    if (token.isEmpty()) {
      return false;
    }
    ObjectNode output = Json.mapper().createObjectNode();
    output.put("status", event.status());
    output.put("eventId", event.eventId());
    output.put("time", event.time().toString());
    return resumer.resume(token.get(), output.toString());
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
