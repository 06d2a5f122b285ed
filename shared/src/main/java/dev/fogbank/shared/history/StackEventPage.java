package dev.fogbank.shared.history;

import dev.fogbank.shared.stack.StackEvent;
import java.util.List;

/**
 * A page of the stack events recorded with a deployment, oldest first. {@code nextCursor}: where
 * the next page starts (null on the last page); {@code truncated}: events were left out because
 * the deployment already holds {@link DeploymentHistory#MAX_STACK_EVENTS} (the oldest are kept).
 */
public record StackEventPage(List<StackEvent> items, String nextCursor, boolean truncated) {
  public StackEventPage {
    items = List.copyOf(items);
  }
}
