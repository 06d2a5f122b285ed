package dev.fogbank.functions.console;

import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.cost.StackMonthCost;
import dev.fogbank.shared.drift.DriftRecords;
import dev.fogbank.shared.drift.DriftReport;
import dev.fogbank.shared.stack.StackRef;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The drift and cost the pages show. The stacks page reads them for the rows it shows only, by
 * key: the rows' newest-drift items (kept by the drift records' writer) and month-to-date items
 * (kept by the cost scan), one BatchGetItem each, the same items {@code GET /drift} and {@code GET
 * /costs} list. Nothing is kept between requests, so a scan's result shows at the next poll. The
 * stack page reads its stack's newest record (with its excerpt) and 30 days of costs.
 */
final class Insights {
  /** Days in the stack page's cost chart. */
  static final int CHART_DAYS = 30;

  private final Supplier<DriftRecords> drift;
  private final Supplier<CostReports> costs;

  Insights(Supplier<DriftRecords> drift, Supplier<CostReports> costs) {
    this.drift = drift;
    this.costs = costs;
  }

  /** Whether drift records or cost reports are read here at all. */
  boolean wired() {
    return drift != null || costs != null;
  }

  /** The month-to-date cost of each of the stacks that has one, by name (empty: no costs). */
  Map<String, StackMonthCost> monthToDate(List<StackRef> stacks) {
    if (costs == null || stacks.isEmpty()) {
      return Map.of();
    }
    return costs.get().monthToDate(stacks.stream().map(StackRef::name).toList());
  }

  /** The newest drift of each of the stacks that has one, by name (empty: no drift records). */
  Map<String, DriftReport> latestDrift(List<StackRef> stacks) {
    if (drift == null || stacks.isEmpty()) {
      return Map.of();
    }
    return drift.get().latest(stacks);
  }

  /** The stack page's read: the stack's newest drift record (null without records). */
  DriftReport freshDrift(StackRef stack) {
    return drift == null ? null : drift.get().history(stack, 1).stream().findFirst().orElse(null);
  }

  /** The stack page's read: the 30 days through the last complete one (null: no costs). */
  dev.fogbank.shared.cost.StackCostReport freshCosts(String stackName) {
    if (costs == null) {
      return null;
    }
    java.time.LocalDate through = costs.get().lastCompleteDay();
    return costs.get().stack(stackName, through.minusDays(CHART_DAYS - 1), through);
  }
}
