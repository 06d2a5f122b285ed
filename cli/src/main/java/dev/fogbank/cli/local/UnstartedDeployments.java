package dev.fogbank.cli.local;

import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentQuery;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.StackSummaries;
import dev.fogbank.shared.history.StackSummary;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.log.StructuredLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds, on start, the API requests a kill cut off between their history write and their
 * execution's journal write (before any 202): records still {@code QUEUED} with no execution, that
 * nothing would ever start. Each is failed {@code INTERRUPTED} with the reason, so the caller who
 * got no answer sees why and nothing waits on the stack. Left alone: a request sent with an
 * {@code Idempotency-Key} (its retry starts that record) and a drop (the drop watcher sends its
 * pending event again, which starts it).
 */
final class UnstartedDeployments {
  private static final DeploymentQuery QUEUED =
      new DeploymentQuery(null, null, Set.of(DeploymentStatus.QUEUED), Set.of());
  private static final int PER_STACK = 101;

  private final StackSummaries stacks;
  private final DeploymentHistory history;
  private final Clock clock;

  UnstartedDeployments(StackSummaries stacks, DeploymentHistory history, Clock clock) {
    this.stacks = stacks;
    this.history = history;
    this.clock = clock;
  }

  /** Fails each unstarted record whose id is not in {@code journaled}; returns their ids. */
  List<String> failAllBut(Set<String> journaled) {
    List<String> failed = new ArrayList<>();
    for (StackSummary stack : stacks.list()) {
      for (DeploymentRecord r : history.find(stack.stack(), QUEUED, null, PER_STACK)) {
        if (journaled.contains(r.deploymentId())
            || r.requestSha256() != null
            || r.source() == DeploymentSource.DROP) {
          continue;
        }
        boolean changed =
            history
                .transitionIf(r.deploymentId(), DeploymentStatus.QUEUED, failure())
                .isPresent();
        if (changed) {
          failed.add(r.deploymentId());
          StructuredLog.warn(
              "deployment_never_started",
              Map.of("deploymentId", r.deploymentId(), "stack", r.stack().name()));
        }
      }
    }
    return failed;
  }

  private StatusChange failure() {
    return StatusChange.failed(
        clock.instant(),
        new DeploymentError(
            ErrorCode.INTERRUPTED.name(),
            "fogbank local stopped after recording this request and before starting it (no"
                + " answer was sent; nothing was changed on the stack). Deploy again."));
  }
}
