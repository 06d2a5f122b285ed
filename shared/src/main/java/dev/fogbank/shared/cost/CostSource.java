package dev.fogbank.shared.cost;

import java.time.LocalDate;

/** Where costs come from (Cost Explorer in AWS). */
public interface CostSource {
  /**
   * Daily unblended costs from {@code start} (inclusive) to {@code end} (exclusive), grouped by the
   * {@code aws:cloudformation:stack-name} tag, in the control plane's region.
   */
  DailyCosts dailyCostsByStack(LocalDate start, LocalDate end);
}
