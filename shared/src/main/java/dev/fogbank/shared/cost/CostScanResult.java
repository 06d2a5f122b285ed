package dev.fogbank.shared.cost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What one cost scan did.
 *
 * @param start first day scanned (inclusive)
 * @param end the day after the last day scanned
 * @param recorded how many COST# items were written
 * @param stacks the stacks that had a cost in the range, by name
 * @param untaggedTotal per unit, the total that carried no stack-name tag (not recorded)
 */
public record CostScanResult(
    LocalDate start,
    LocalDate end,
    int recorded,
    List<String> stacks,
    Map<String, BigDecimal> untaggedTotal) {
  public CostScanResult {
    stacks = List.copyOf(stacks);
    untaggedTotal = Map.copyOf(untaggedTotal);
  }
}
