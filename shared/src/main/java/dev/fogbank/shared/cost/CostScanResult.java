package dev.fogbank.shared.cost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What one cost scan did.
 *
 * @param start first day read from Cost Explorer (inclusive): the earliest of the scanned days'
 *     trailing window, two weeks back and the first of the month
 * @param end the day after the last day read (today, UTC: today is not complete)
 * @param recorded how many COST# items were written (every stack and day read)
 * @param stacks the stacks that had a cost in the range, by name
 * @param untaggedTotal per unit, the total that carried no stack-name tag (not recorded)
 * @param requests GetCostAndUsage requests made (pages; $0.01 each)
 * @param anomalies the anomalies found in the scanned days (the last {@code days} days)
 * @param newAnomalies how many of them were not known before this scan (the ones alerted)
 * @param notice what a person must do for the scan to be useful (empty when nothing)
 * @param stackCount how many stacks had a cost (read back from a kept record, {@code stacks} is
 *     empty: the record keeps counts, the per-stack results are items of their own)
 * @param anomalyCount how many anomalies were found (a kept record lists the first {@link
 *     #KEPT_ANOMALIES} of them)
 */
public record CostScanResult(
    LocalDate start,
    LocalDate end,
    int recorded,
    List<String> stacks,
    Map<String, BigDecimal> untaggedTotal,
    int requests,
    List<CostAnomaly> anomalies,
    int newAnomalies,
    String notice,
    int stackCount,
    int anomalyCount) {
  /** The anomalies a kept scan record lists; the rest are the stacks' ANOMALY# items. */
  public static final int KEPT_ANOMALIES = 100;

  public CostScanResult {
    stacks = List.copyOf(stacks);
    untaggedTotal = Map.copyOf(untaggedTotal);
    anomalies = List.copyOf(anomalies);
  }

  /** A scan's own result: the counts are the lists' sizes. */
  public CostScanResult(
      LocalDate start,
      LocalDate end,
      int recorded,
      List<String> stacks,
      Map<String, BigDecimal> untaggedTotal,
      int requests,
      List<CostAnomaly> anomalies,
      int newAnomalies,
      String notice) {
    this(start, end, recorded, stacks, untaggedTotal, requests, anomalies, newAnomalies, notice,
        stacks.size(), anomalies.size());
  }
}
