package dev.fogbank.shared.drift;

import dev.fogbank.shared.stack.StackRef;
import java.util.Optional;

/** The stacks' drift scan records. */
public interface DriftRecords {
  /** The stack's newest record whose status is not UNKNOWN, if any. */
  Optional<DriftReport> latestConclusive(StackRef stack);

  /** Appends the record (history: nothing is overwritten). */
  void record(DriftReport report);
}
