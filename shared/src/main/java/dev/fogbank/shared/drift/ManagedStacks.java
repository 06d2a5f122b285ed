package dev.fogbank.shared.drift;

import dev.fogbank.shared.stack.StackRef;
import java.util.List;

/** The stacks fogbank manages: those with deployment history. */
public interface ManagedStacks {
  /** At most {@code limit} of them, in this account and region, each once, in name order. */
  List<StackRef> list(int limit);

  /**
   * The managed stacks as {@code GET /stacks} and the console list them: the stack index ({@link
   * dev.fogbank.shared.history.StackSummaries}), one listing of managed stacks for the whole
   * control plane.
   */
  static ManagedStacks of(dev.fogbank.shared.history.StackSummaries summaries) {
    java.util.Objects.requireNonNull(summaries, "summaries");
    return limit ->
        summaries.list().stream()
            .map(dev.fogbank.shared.history.StackSummary::stack)
            .limit(limit)
            .toList();
  }
}
