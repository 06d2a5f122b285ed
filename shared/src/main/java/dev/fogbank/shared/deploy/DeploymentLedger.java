package dev.fogbank.shared.deploy;

import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.deploy.StepResults.ChangeSetStep;
import dev.fogbank.shared.deploy.StepResults.LockAttempt;
import dev.fogbank.shared.deploy.StepResults.TemplateCheck;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.StackLockedException;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.lock.LockResult;
import dev.fogbank.shared.lock.LockStore;
import dev.fogbank.shared.lock.StackLock;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.notify.ReviewDigest;
import dev.fogbank.shared.stackevents.EventClaim;
import dev.fogbank.shared.stackevents.EventClaims;
import dev.fogbank.shared.validation.ValidationReport;
import dev.fogbank.shared.review.ReviewReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The deployment's bookkeeping steps: the stack's lock, the history record and the
 * announcements. Needs only the table and the notifier, never CloudFormation.
 */
public final class DeploymentLedger {
  private final LockStore locks;
  private final DeploymentHistory history;
  private final Notifier notifier;
  private final Clock clock;
  private final EventClaims announcements;

  /** A ledger that announces every failure itself (no stack-events function to agree with). */
  public DeploymentLedger(
      LockStore locks, DeploymentHistory history, Notifier notifier, Clock clock) {
    this(locks, history, notifier, clock, null);
  }

  /**
   * @param announcements where each announcement (started, awaiting approval, and every outcome)
   *     is claimed ({@link EventClaim#announcement}), shared with the stack-events function so
   *     that a failed deployment gets one message, whoever comes first, and a retried step sends
   *     nothing twice; null to announce without claiming
   */
  public DeploymentLedger(
      LockStore locks,
      DeploymentHistory history,
      Notifier notifier,
      Clock clock,
      EventClaims announcements) {
    this.locks = locks;
    this.history = history;
    this.notifier = notifier;
    this.clock = clock;
    this.announcements = announcements;
  }

  /**
   * Tries the stack's lock once. Not acquired and still within the wait: the state machine waits
   * and calls again with the same deadline. Past the deadline: LOCKED.
   */
  public LockAttempt acquireLock(DeploymentInput in, Instant previousDeadline) {
    Instant now = clock.instant();
    Instant deadline =
        previousDeadline != null
            ? previousDeadline
            : now.plusSeconds(in.options().lockWaitSeconds());
    LockResult result =
        locks.acquire(
            in.stack(),
            "deployment/" + in.deploymentId(),
            in.deploymentId(),
            Duration.ofSeconds(in.options().lockTtlSeconds()));
    if (result.acquired()) {
      // Started when the lock was taken, not when this step began: the previous holder may have
      // recorded its end and released the lock in between, and the two turns must not overlap.
      Instant startedAt = clock.instant();
      // QUEUED -> RUNNING in one conditional write: it loses to a cancel (QUEUED -> CANCELLED),
      // and only the one write that wins announces the start. No read first: the write is the
      // check, so the common case costs the lock and this write.
      DeploymentRecord started =
          history
              .transitionIf(
                  in.deploymentId(), DeploymentStatus.QUEUED, StatusChange.running(startedAt))
              .orElse(null);
      if (started != null) {
        // The conditional write is the claim: no announcement claim item needed.
        notifier.tryNotify(event(DeploymentEvent.Kind.STARTED, started, in));
      } else {
        // A retried step (already RUNNING), or a deployment cancelled while it was queued: that
        // one gives the lock back at once, so that the next deployment does not wait on it.
        DeploymentRecord record =
            history.transition(in.deploymentId(), StatusChange.running(startedAt));
        if (record.status() == DeploymentStatus.CANCELLED) {
          locks.release(in.stack(), in.deploymentId());
          throw cancelledWhileQueued(in);
        }
      }
      return new LockAttempt(true, in.deploymentId(), result.lock().expiresAt(), deadline);
    }
    // Held by another: a deployment cancelled while it waits stops now instead of waiting on.
    DeploymentRecord queued = history.get(in.deploymentId()).orElse(null);
    if (queued != null && queued.status() == DeploymentStatus.CANCELLED) {
      throw cancelledWhileQueued(in);
    }
    if (!now.isBefore(deadline)) {
      throw new StackLockedException(
          "stack '"
              + in.stackName()
              + "' stayed locked by deployment "
              + result.lock().deploymentId()
              + " for the whole wait of "
              + in.options().lockWaitSeconds()
              + " s (lock expires "
              + result.lock().expiresAt()
              + ")");
    }
    return new LockAttempt(false, result.lock().deploymentId(), result.lock().expiresAt(), deadline);
  }

  /**
   * ConfirmLock, before ExecuteChangeSet: the deployment must still hold its lock, which is
   * extended by the lock's TTL (a conditional write on its deployment id). One that outlived its
   * lock and was taken over (or released) stops with LOCKED; nobody else's lock or record is
   * written.
   */
  public LockAttempt confirmLock(DeploymentInput in, LockAttempt held) {
    Duration ttl = Duration.ofSeconds(in.options().lockTtlSeconds());
    if (locks.renew(in.stack(), in.deploymentId(), ttl)) {
      return new LockAttempt(
          true, in.deploymentId(), clock.instant().plus(ttl), held.waitDeadline());
    }
    String holder = locks.read(in.stack()).map(StackLock::owner).orElse("nobody");
    throw new StackLockedException(
        "deployment " + in.deploymentId() + " lost the lock of stack '" + in.stackName()
            + "' before executing its change set (it expired or was force-released; now held by "
            + holder + "); nothing was executed");
  }

  public DeploymentRecord recordResult(DeploymentInput in, ChangeSetStep changeSet) {
    return recordResult(in, changeSet, null);
  }

  /**
   * SUCCEEDED or NO_CHANGES, with what validation found ({@code template}, null when unknown): the
   * warnings a deployment went ahead with stay visible in its record.
   */
  public DeploymentRecord recordResult(
      DeploymentInput in, ChangeSetStep changeSet, TemplateCheck template) {
    return recordResult(in, changeSet, template, null);
  }

  /** SUCCEEDED or NO_CHANGES, with the validation findings and the change review (nullable). */
  public DeploymentRecord recordResult(
      DeploymentInput in, ChangeSetStep changeSet, TemplateCheck template, ReviewReport review) {
    return recordResult(in, changeSet, template, review, null);
  }

  /**
   * As above, also recording what ExecuteChangeSet set on the stack ({@code protection}: its
   * stack policy and termination protection; null when the change set did not run).
   */
  public DeploymentRecord recordResult(
      DeploymentInput in,
      ChangeSetStep changeSet,
      TemplateCheck template,
      ReviewReport review,
      StackProtection protection) {
    Instant now = clock.instant();
    StatusChange change =
        changeSet.noChanges()
            ? StatusChange.noChanges(now)
            : StatusChange.succeeded(now, changeSet.summary());
    return history.transition(
        in.deploymentId(),
        change.withValidation(validation(template)).withReview(review).withProtection(protection));
  }

  /**
   * FAILED with CHANGE_SET_BLOCKED: the review found the change set would fail part-way (the
   * Review step already deleted it). The review is kept, so the record says what blocked it.
   */
  public DeploymentRecord recordBlocked(
      DeploymentInput in, TemplateCheck template, ReviewReport review) {
    DeploymentError error =
        new DeploymentError(
            ErrorCode.CHANGE_SET_BLOCKED.name(),
            "stack '"
                + in.stackName()
                + "': the change set was deleted before it ran, because "
                + String.join("; ", review.blockReasons()));
    return history.transition(
        in.deploymentId(),
        StatusChange.failed(clock.instant(), error)
            .withValidation(validation(template))
            .withReview(review));
  }

  /**
   * WaitForApproval's first act: the record goes AWAITING_APPROVAL with the review and the task
   * token an approve or reject completes; the lock is extended over the whole wait (the lock's own
   * TTL is shorter than a day) and a person is asked, once.
   */
  public DeploymentRecord awaitApproval(
      DeploymentInput in, ReviewReport review, String taskToken, int timeoutSeconds) {
    if (taskToken == null || taskToken.isBlank()) {
      throw new InvalidRequestException(
          "WaitForApproval of deployment " + in.deploymentId() + " got no task token");
    }
    LockResult lock =
        locks.acquire(
            in.stack(),
            "deployment/" + in.deploymentId(),
            in.deploymentId(),
            Duration.ofSeconds((long) timeoutSeconds + in.options().lockTtlSeconds()));
    if (!lock.acquired()) {
      throw new StackLockedException(
          "stack '"
              + in.stackName()
              + "' is now locked by deployment "
              + lock.lock().deploymentId()
              + "; deployment "
              + in.deploymentId()
              + " lost its lock before approval");
    }
    DeploymentRecord before = history.get(in.deploymentId()).orElse(null);
    DeploymentRecord record =
        history.transition(
            in.deploymentId(),
            StatusChange.awaitingApproval(clock.instant(), review, taskToken));
    if (before == null || before.status() != DeploymentStatus.AWAITING_APPROVAL) {
      announce(DeploymentEvent.Kind.APPROVAL_REQUESTED, record, in);
    }
    return record;
  }

  /** The deployment was cancelled while it waited for the lock: it stops before doing anything. */
  private static DeploymentException cancelledWhileQueued(DeploymentInput in) {
    return new DeploymentException(
        ErrorCode.CANCELLED,
        "deployment " + in.deploymentId() + " of stack '" + in.stackName()
            + "' was cancelled while queued; nothing ran");
  }

  /**
   * CANCELLED: a person rejected the change set ({@code error} fogbank.CANCELLED, the decision in
   * {@code cause}) or nobody decided before the wait's timeout (States.Timeout).
   */
  public DeploymentRecord recordCancellation(
      DeploymentInput in, String error, String cause, TemplateCheck template) {
    String message =
        "States.Timeout".equals(error)
            ? "nobody approved or rejected the change set in time; it was deleted"
            : "the change set was rejected and deleted"
                + (cause == null || cause.isBlank() ? "" : ": " + cut(cause));
    return history.transition(
        in.deploymentId(),
        StatusChange.cancelled(
                clock.instant(), new DeploymentError(ErrorCode.CANCELLED.name(), message))
            .withValidation(validation(template)));
  }

  private static String cut(String text) {
    return text.length() <= 500 ? text : text.substring(0, 499) + "…";
  }

  /** REJECTED: the Validate step's findings block the deployment; no change set was created. */
  public DeploymentRecord recordRejection(DeploymentInput in, TemplateCheck template) {
    ValidationReport report = validation(template);
    if (report == null) {
      throw new DeploymentException(
          ErrorCode.INTERNAL, "deployment " + in.deploymentId() + ": rejected without findings");
    }
    DeploymentError error =
        new DeploymentError(ErrorCode.REJECTED.name(), report.rejectionMessage(in.stackName()));
    return history.transition(
        in.deploymentId(), StatusChange.rejected(clock.instant(), error, report));
  }

  public DeploymentRecord recordFailure(DeploymentInput in, DeploymentError error) {
    return recordFailure(in, error, null);
  }

  /** FAILED, keeping the findings when validation had run before the failure. */
  public DeploymentRecord recordFailure(
      DeploymentInput in, DeploymentError error, TemplateCheck template) {
    return recordFailure(in, error, template, null);
  }

  /**
   * FAILED, keeping the findings and the change review (null when the deployment failed before
   * its review): a change set that failed while it ran is recorded, and announced, with what it
   * was going to change.
   */
  public DeploymentRecord recordFailure(
      DeploymentInput in, DeploymentError error, TemplateCheck template, ReviewReport review) {
    return history.transition(
        in.deploymentId(),
        StatusChange.failed(clock.instant(), error)
            .withValidation(validation(template))
            .withReview(review));
  }

  private static ValidationReport validation(TemplateCheck template) {
    return template == null ? null : template.validation();
  }

  /**
   * WaitForStack's first act: keeps the task token the deployment now waits on with its lock, for
   * the stack-events function to complete when the stack settles. Not holding the lock any more
   * is logged, not thrown: the wait's heartbeat then falls back to polling the stack.
   */
  public boolean recordStackWait(DeploymentInput in, String taskToken) {
    if (taskToken == null || taskToken.isBlank()) {
      throw new InvalidRequestException(
          "WaitForStack of deployment " + in.deploymentId() + " got no task token");
    }
    boolean recorded = locks.recordWait(in.stack(), in.deploymentId(), taskToken);
    if (!recorded) {
      StructuredLog.warn(
          "stack_wait_not_recorded",
          java.util.Map.of(
              "deploymentId", in.deploymentId(),
              "stack", in.stack().partitionKey(),
              "reason", "the deployment no longer holds the stack's lock"));
    }
    return recorded;
  }

  public boolean releaseLock(DeploymentInput in) {
    return locks.release(in.stack(), in.deploymentId());
  }

  /** Announces how the deployment ended, from what history says. */
  public void notifyOutcome(DeploymentInput in) {
    DeploymentRecord record =
        history
            .get(in.deploymentId())
            .orElseThrow(
                () ->
                    new DeploymentException(
                        ErrorCode.NOT_FOUND, "no history record for " + in.deploymentId()));
    DeploymentEvent.Kind kind =
        switch (record.status()) {
          case SUCCEEDED -> DeploymentEvent.Kind.SUCCEEDED;
          case NO_CHANGES -> DeploymentEvent.Kind.NO_CHANGES;
          case FAILED -> DeploymentEvent.Kind.FAILED;
          case REJECTED -> DeploymentEvent.Kind.REJECTED;
          case CANCELLED -> DeploymentEvent.Kind.CANCELLED;
          default -> null;
        };
    if (kind != null) {
      announce(kind, record, in);
    }
  }

  /**
   * Every happening is announced once, whoever comes first: a step retried by the state machine,
   * or (for a failure) the stack-events function telling people about the stack status that failed
   * this deployment, claims the same {@code NOTIFY#<deploymentId>#<kind>} and sends nothing. A
   * failed hand-over gives the claim back so that a retry (or a later stack event) still tells
   * people.
   */
  private void announce(DeploymentEvent.Kind kind, DeploymentRecord record, DeploymentInput in) {
    if (announcements == null) {
      notifier.notify(event(kind, record, in));
      return;
    }
    // FAILED is also the history status the stack-events function claims by.
    EventClaim claim = EventClaim.announcement(record.deploymentId(), kind.name(), clock.instant());
    if (!announcements.claim(claim)) {
      StructuredLog.info(
          "already_announced",
          java.util.Map.of("deploymentId", record.deploymentId(), "claim", claim.eventId()));
      return;
    }
    if (!notifier.tryNotify(event(kind, record, in))) {
      announcements.release(claim.eventId());
    }
  }

  private DeploymentEvent event(
      DeploymentEvent.Kind kind, DeploymentRecord record, DeploymentInput in) {
    Long duration =
        record.startedAt() != null && record.endedAt() != null
            ? Duration.between(record.startedAt(), record.endedAt()).toMillis()
            : null;
    return new DeploymentEvent(
        kind,
        record.deploymentId(),
        in.stackName(),
        in.account(),
        in.region(),
        in.source(),
        in.requester(),
        clock.instant(),
        duration,
        record.changeSummary(),
        record.error(),
        null,
        ReviewDigest.of(record.review()));
  }
}
