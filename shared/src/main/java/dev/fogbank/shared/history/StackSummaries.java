package dev.fogbank.shared.history;

import java.util.List;

/** Every managed stack (one with deployment history) at a glance, for overviews. */
public interface StackSummaries {
  /** The stacks of this account and region, in name order, without their locks (null). */
  List<StackSummary> list();

  /** {@code some} of them with their live locks read (one batch read per 100 stacks). */
  List<StackSummary> withLocks(List<StackSummary> some);
}
