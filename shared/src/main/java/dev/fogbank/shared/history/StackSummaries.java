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

  /**
   * At most {@code limit} of them that {@code keep} accepts, among the names that start with
   * {@code prefix} ignoring ASCII case (null or empty: every name), named after {@code from}
   * (null: from the first), or before it when {@code backward} (then the ones nearest it), in name
   * order, without their locks: a page of a filtered listing, read from its position until a page
   * is found, not the whole index, where the store can. {@code keep} may be given a stack's name
   * and latest status only (the other fields null): it is to look at no more.
   */
  default List<StackSummary> matching(
      String prefix, String from, boolean backward, int limit,
      java.util.function.Predicate<StackSummary> keep) {
    List<StackSummary> found =
        list().stream()
            .filter(s -> startsWithIgnoringCase(s.stack().name(), prefix))
            .filter(s -> from == null
                || (backward ? s.stack().name().compareTo(from) < 0
                    : s.stack().name().compareTo(from) > 0))
            .filter(keep)
            .toList();
    return backward
        ? found.subList(Math.max(0, found.size() - limit), found.size())
        : found.subList(0, Math.min(limit, found.size()));
  }

  /**
   * Whether {@code name} starts with {@code prefix} (null: any name), ASCII letters in either case
   * (as the console's name filter compares them; a stack name is ASCII).
   */
  static boolean startsWithIgnoringCase(String name, String prefix) {
    if (prefix == null) {
      return true;
    }
    if (name.length() < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      char a = name.charAt(i);
      char b = prefix.charAt(i);
      if (a != b && !(isAsciiLetter(a) && (a ^ 0x20) == b)) {
        return false;
      }
    }
    return true;
  }

  /** An ASCII letter, the only characters of a stack name with two cases. */
  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** How many there are ({@link #list}'s size), read without reading every stack where the store can. */
  default int count() {
    return list().size();
  }

  /** {@code some} of them with their live locks read (one batch read per 100 stacks). */
  List<StackSummary> withLocks(List<StackSummary> some);
}
