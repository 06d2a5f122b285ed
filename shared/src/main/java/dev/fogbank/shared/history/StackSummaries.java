package dev.fogbank.shared.history;

import java.util.List;

/** Every managed stack (one with deployment history) at a glance, for overviews. */
public interface StackSummaries {
  /** The stacks of this account and region, in name order, without their locks (null). */
  List<StackSummary> list();

  /**
   * At most {@code limit} of them named after {@code after} (null: from the first) that {@code
   * keep} accepts, in name order, without their locks: one page of a listing, read without
   * reading every stack where the store can.
   */
  default List<StackSummary> page(
      String after, int limit, java.util.function.Predicate<StackSummary> keep) {
    return list().stream()
        .filter(s -> after == null || s.stack().name().compareTo(after) > 0)
        .filter(keep)
        .limit(limit)
        .toList();
  }

  /**
   * At most {@code limit} of them named before {@code before}, the ones nearest it, in name order,
   * without their locks: the page before a page that starts at {@code before}.
   */
  default List<StackSummary> pageBefore(String before, int limit) {
    List<StackSummary> earlier =
        list().stream().filter(s -> s.stack().name().compareTo(before) < 0).toList();
    return earlier.subList(Math.max(0, earlier.size() - limit), earlier.size());
  }

  /** How many there are ({@link #list}'s size), read without reading every stack where the store can. */
  default int count() {
    return list().size();
  }

  /** {@code some} of them with their live locks read (one batch read per 100 stacks). */
  List<StackSummary> withLocks(List<StackSummary> some);
}
