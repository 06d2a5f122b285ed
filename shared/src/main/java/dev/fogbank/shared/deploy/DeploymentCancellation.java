package dev.fogbank.shared.deploy;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.NotFoundException;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.StatusChange;
import java.time.Clock;
import java.util.Objects;

/**
 * Cancels a deployment that has not started changing anything: one still QUEUED for its stack's
 * lock (its record becomes CANCELLED at once; its execution stops at its next AcquireLock), or one
 * AWAITING_APPROVAL (a rejection: the change set is deleted, the lock released). Anything else is
 * NOT_CANCELLABLE: a running change is CloudFormation's to finish or roll back.
 */
public final class DeploymentCancellation {
  private final DeploymentHistory history;
  private final DeploymentApprovals approvals;
  private final Clock clock;

  public DeploymentCancellation(
      DeploymentHistory history, DeploymentApprovals approvals, Clock clock) {
    this.history = Objects.requireNonNull(history, "history");
    this.approvals = Objects.requireNonNull(approvals, "approvals");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public DeploymentRecord cancel(String deploymentId, String by) {
    DeploymentRecord record =
        history
            .get(deploymentId)
            .orElseThrow(() -> new NotFoundException("no deployment with id '" + deploymentId + "'"));
    return switch (record.status()) {
      case QUEUED ->
          history
              .transitionIf(
                  deploymentId,
                  DeploymentStatus.QUEUED,
                  StatusChange.cancelled(
                      clock.instant(),
                      new DeploymentError(
                          ErrorCode.CANCELLED.name(),
                          "cancelled by " + by + " while queued; nothing ran")))
              .orElseThrow(() -> notCancellable(history.get(deploymentId).orElse(record)));
      case AWAITING_APPROVAL -> {
        try {
          yield approvals.reject(deploymentId, by, "cancelled by " + by);
        } catch (DeploymentException e) {
          if (e.code() != ErrorCode.NOT_AWAITING_APPROVAL) {
            throw e;
          }
          throw notCancellable(history.get(deploymentId).orElse(record));
        }
      }
      default -> throw notCancellable(record);
    };
  }

  private static DeploymentException notCancellable(DeploymentRecord record) {
    return new DeploymentException(
        ErrorCode.NOT_CANCELLABLE,
        "deployment " + record.deploymentId() + " is " + record.status()
            + ": only a QUEUED deployment or one AWAITING_APPROVAL can be cancelled");
  }
}
