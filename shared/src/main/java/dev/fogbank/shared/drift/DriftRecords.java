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

  /** Appends the record (history: nothing is overwritten). */
  void record(DriftReport report);
}
