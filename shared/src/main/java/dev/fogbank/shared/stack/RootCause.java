package dev.fogbank.shared.stack;

import java.util.List;
import java.util.Optional;

/**
 * Picks, from a stack's events, the failure that caused the others. When one resource fails,
 * CloudFormation cancels the others in flight ("Resource creation cancelled"), rolls back, and may
 * fail again while rolling back; the status the stack ends in (UPDATE_ROLLBACK_COMPLETE) names
 * none of that. The cause is the earliest resource failure that is not a cancellation.
 */
public final class RootCause {

  private RootCause() {}

  /**
   * The root cause among {@code newestFirst} (as {@link StackGateway#eventsSince} gives them), or
   * empty when no resource failed (the stack itself failed, or the events were not readable).
   */
  public static Optional<FailedResource> pick(String stackName, List<StackEvent> newestFirst) {
    List<StackEvent> failures = resourceFailures(stackName, newestFirst);
    return failures.stream()
        .filter(e -> !cancelled(e))
        .reduce((newer, older) -> older)
        .or(() -> failures.stream().reduce((newer, older) -> older))
        .map(FailedResource::of);
  }

  /**
   * The resources that failed after the stack began rolling back, earliest first: what keeps an
   * UPDATE_ROLLBACK_FAILED stack stuck, and what ContinueUpdateRollback may be asked to skip.
   */
  public static List<FailedResource> rollbackBlockers(
      String stackName, List<StackEvent> newestFirst) {
    int rollbackStart = -1;
    for (int i = 0; i < newestFirst.size(); i++) {
      StackEvent e = newestFirst.get(i);
      if (isStack(stackName, e) && "UPDATE_ROLLBACK_IN_PROGRESS".equals(e.status())) {
        rollbackStart = i;
        break; // the newest rollback
      }
    }
    List<StackEvent> since = rollbackStart < 0 ? newestFirst : newestFirst.subList(0, rollbackStart);
    return resourceFailures(stackName, since).reversed().stream()
        .map(FailedResource::of)
        .distinct()
        .toList();
  }

  private static List<StackEvent> resourceFailures(String stackName, List<StackEvent> events) {
    return events.stream()
        .filter(e -> e.status() != null && e.status().endsWith("_FAILED"))
        .filter(e -> !isStack(stackName, e))
        .toList();
  }

  /** The stack's own events (logical id = stack name) report statuses, not resources. */
  private static boolean isStack(String stackName, StackEvent e) {
    return "AWS::CloudFormation::Stack".equals(e.resourceType())
        && stackName.equals(e.logicalId());
  }

  private static boolean cancelled(StackEvent e) {
    String reason = e.statusReason();
    return reason != null && reason.toLowerCase(java.util.Locale.ROOT).contains("cancelled");
  }
}
