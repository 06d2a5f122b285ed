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
   * These stacks and, beside them, the region's existing stacks (names from {@code existing}:
   * ListStacks) whose names match one of {@code patterns}, each once, in name order: the stacks a
   * drift scan detects when it is set to look beyond fogbank's own history. No patterns: these
   * only, and {@code existing} is never asked.
   */
  default ManagedStacks alsoMatching(
      List<String> patterns,
      java.util.function.Supplier<List<String>> existing,
      String account,
      String region) {
    if (patterns.isEmpty()) {
      return this;
    }
    ManagedStacks history = this;
    return limit -> {
      java.util.TreeMap<String, StackRef> union = new java.util.TreeMap<>();
      history.list(Integer.MAX_VALUE).forEach(s -> union.put(s.name(), s));
      for (String name : existing.get()) {
        if (DriftScanScope.matchesAny(patterns, name)) {
          union.putIfAbsent(name, StackRef.of(account, region, name));
        }
      }
      return union.values().stream().limit(limit).toList();
    };
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
