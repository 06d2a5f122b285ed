package dev.fogbank.shared.drift;

import dev.fogbank.shared.stack.StackRef;
import java.util.List;
import java.util.Optional;

/** The stacks' drift scan records. */
public interface DriftRecords {
  /** The stack's newest record whose status is not UNKNOWN, if any. */
  Optional<DriftReport> latestConclusive(StackRef stack);

  /** The stack's newest records, newest first, at most {@code limit} of them. */
  List<DriftReport> history(StackRef stack, int limit);

  /**
   * Appends the record (history: nothing is overwritten) and makes it its stack's newest drift
   * (for {@link #latest}) unless a later record already is.
   */
  void record(DriftReport report);

  /**
   * The newest record of each of {@code stacks} that has one, by stack name, without its excerpt
   * (status, count, time, reason, detection): what a list of stacks shows. Stacks never scanned are
   * not in the answer.
   */
  default java.util.Map<String, DriftReport> latest(List<StackRef> stacks) {
    java.util.Map<String, DriftReport> found = new java.util.HashMap<>();
    for (StackRef stack : stacks) {
      history(stack, 1).stream().findFirst().ifPresent(r -> found.put(stack.name(), r));
    }
    return found;
  }
}
