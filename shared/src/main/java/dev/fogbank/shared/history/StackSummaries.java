package dev.fogbank.shared.history;

import java.util.List;

/** Every managed stack (one with deployment history) at a glance, for overviews. */
public interface StackSummaries {
  /** The stacks of this account and region, in name order. */
  List<StackSummary> list();
}
