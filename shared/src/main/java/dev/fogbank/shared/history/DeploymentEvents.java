package dev.fogbank.shared.history;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.stack.StackEvent;
import dev.fogbank.shared.stack.StackGateway;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The CloudFormation stack events of a deployment, recorded with it in its history. Nothing pushes
 * resource events to fogbank (the stack-events function gets stack status changes only), so they
 * are copied from DescribeStackEvents when a deployment's events are read: while it runs, the new
 * ones at each read; once after it ended, the last ones, after which its events are complete and
 * CloudFormation is not asked again. A deployment's events are those of its stack from the time it
 * took the stack's lock ({@code startedAt}) to the time it ended: the stack settles before the
 * deployment records its end, and its change set is created after the lock is taken.
 */
public final class DeploymentEvents {
  private final DeploymentHistory history;
  private final Supplier<StackGateway> stacks;

  public DeploymentEvents(DeploymentHistory history, Supplier<StackGateway> stacks) {
    this.history = Objects.requireNonNull(history, "history");
    this.stacks = Objects.requireNonNull(stacks, "stacks");
  }

  /** A page of {@code record}'s events, oldest first, after recording any new ones. */
  public StackEventPage page(DeploymentRecord record, String afterCursor, int limit) {
    record(record);
    return history.events(record.deploymentId(), afterCursor, limit);
  }

  private void record(DeploymentRecord r) {
    boolean ended = r.status().isTerminal();
    if (r.startedAt() == null || history.eventsComplete(r.deploymentId())) {
      return; // Never reached its stack (queued, refused, cancelled), or all recorded already.
    }
    List<StackEvent> events;
    try {
      events = stacks.get().eventsSince(r.stack().name(), r.startedAt());
    } catch (DeploymentException e) {
      // What is recorded is still the answer; the next read asks CloudFormation again.
      StructuredLog.warn(
          "stack_events_unread",
          Map.of("deploymentId", r.deploymentId(), "code", e.code().name()));
      return;
    }
    List<StackEvent> ours =
        events.stream()
            .filter(e -> e.timestamp() != null)
            .filter(e -> !ended || r.endedAt() == null || !e.timestamp().isAfter(r.endedAt()))
            .toList();
    history.recordEvents(r.deploymentId(), ours, ended);
  }
}
