package dev.fogbank.shared.cost;

import dev.fogbank.shared.stack.StackRef;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/** Where each stack's daily cost, month to date and anomalies are kept (the control table). */
public interface CostLedger {
  /** Writes the day's cost of the stack; writing the same stack and day again replaces it. */
  void record(StackDayCost cost);

  /** As {@link #record} for each; adapters may write them in batches. */
  default void recordAll(List<StackDayCost> costs) {
    costs.forEach(this::record);
  }

  /**
   * Keeps the anomaly unless one is already kept for that stack and day: true only the first time,
   * so that a re-scan of the same days does not alert again.
   */
  boolean markAnomaly(CostAnomaly anomaly);

  /** Replaces each stack's month-to-date figure for its month. */
  void recordMonthToDate(List<StackMonthCost> costs);

  /** The stack's daily costs from {@code from} through {@code to}, by day. */
  List<StackDayCost> days(StackRef stack, LocalDate from, LocalDate to);

  /** The stack's anomalies from {@code from} through {@code to}, by day. */
  List<CostAnomaly> anomalies(StackRef stack, LocalDate from, LocalDate to);

  /** Every stack's month-to-date figure recorded for {@code month}, in no particular order. */
  List<StackMonthCost> monthToDate(String account, String region, YearMonth month);

  /**
   * The month-to-date figures recorded for {@code month} of just {@code stacks} (names; those
   * without one are not in the answer), by stack name: the same items as {@link
   * #monthToDate(String, String, YearMonth)}, read by key.
   */
  default java.util.Map<String, StackMonthCost> monthToDate(
      String account, String region, YearMonth month, List<String> stacks) {
    java.util.Set<String> wanted = new java.util.HashSet<>(stacks);
    java.util.Map<String, StackMonthCost> found = new java.util.HashMap<>();
    for (StackMonthCost c : monthToDate(account, region, month)) {
      if (wanted.contains(c.stack().name())) {
        found.put(c.stack().name(), c);
      }
    }
    return found;
  }

  /**
   * Keeps each stack's result of scan {@code scanId} (month to date, anomalies found: by stack
   * name, absent for none) as items of their own, so that the scan's record stays small.
   */
  default void recordScanStacks(
      String scanId, List<StackMonthCost> monthToDate, java.util.Map<String, Integer> anomalies) {}

  /**
   * Up to {@code limit} of scan {@code scanId}'s per-stack results, by stack name, after the stack
   * {@code afterStack} (null: from the first); {@code next} is the name to continue after, null at
   * the end. Empty for a scan that kept none (or an unknown id).
   */
  default ScanStackPage scanStacks(
      String account, String region, String scanId, String afterStack, int limit) {
    return new ScanStackPage(List.of(), null);
  }

  /** One stack's result in a cost scan: its month to date then, and how many anomalies it had. */
  record ScanStack(
      String stack,
      YearMonth month,
      LocalDate through,
      java.math.BigDecimal monthToDate,
      String unit,
      int anomalies) {}

  /** A page of one scan's per-stack results. */
  record ScanStackPage(List<ScanStack> stacks, String next) {
    public ScanStackPage {
      stacks = List.copyOf(stacks);
    }
  }

  /** Keeps what a scan did (or how it failed), under its id, in the account and region. */
  void recordScan(String account, String region, CostScanRecord scan);

  /**
   * Up to {@code limit} kept scans, newest first (by id: ids sort by time), after the scan {@code
   * afterScanId} (null: from the newest); {@code next} is the id to continue after, null at the end.
   */
  ScanPage scans(String account, String region, String afterScanId, int limit);

  /** A page of kept scans. */
  record ScanPage(List<CostScanRecord> scans, String next) {
    public ScanPage {
      scans = List.copyOf(scans);
    }
  }

  /** The scan kept under {@code scanId}; empty when there is none. */
  Optional<CostScanRecord> scan(String account, String region, String scanId);
}
