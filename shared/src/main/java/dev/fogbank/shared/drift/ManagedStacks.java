package dev.fogbank.shared.drift;

import dev.fogbank.shared.stack.StackRef;
import java.util.List;

/** The stacks fogbank manages: those with deployment history. */
public interface ManagedStacks {
  /** At most {@code limit} of them, in this account and region, each once, in name order. */
  List<StackRef> list(int limit);

  /** At most {@code limit} of those whose name {@code names} accepts, in name order. */
  default List<StackRef> list(int limit, java.util.function.Predicate<String> names) {
    return list(Integer.MAX_VALUE).stream().filter(s -> names.test(s.name())).limit(limit).toList();
  }

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
