package dev.fogbank.shared.testing;

import dev.fogbank.shared.cost.CostAnomaly;
import dev.fogbank.shared.cost.CostLedger;
import dev.fogbank.shared.cost.CostScanRecord;
import dev.fogbank.shared.cost.StackDayCost;
import dev.fogbank.shared.cost.StackMonthCost;
import dev.fogbank.shared.stack.StackRef;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link CostLedger} in memory, for unit tests; keeps what was written in order. */
public final class InMemoryCostLedger implements CostLedger {
  public final List<StackDayCost> recorded = new ArrayList<>();
  public final Map<String, CostAnomaly> anomalies = new LinkedHashMap<>();
  public final List<StackMonthCost> months = new ArrayList<>();
  public final Map<String, CostScanRecord> scans = new LinkedHashMap<>();

  @Override
  public void recordScan(String account, String region, CostScanRecord scan) {
    scans.put(account + "/" + region + "/" + scan.scanId(), scan);
  }

  @Override
  public ScanPage scans(String account, String region, String afterScanId, int limit) {
    String prefix = account + "/" + region + "/";
    List<CostScanRecord> newestFirst =
        scans.entrySet().stream()
            .filter(e -> e.getKey().startsWith(prefix))
            .map(Map.Entry::getValue)
            .filter(s -> afterScanId == null || s.scanId().compareTo(afterScanId) < 0)
            .sorted(java.util.Comparator.comparing(CostScanRecord::scanId).reversed())
            .toList();
    List<CostScanRecord> page = newestFirst.subList(0, Math.min(limit, newestFirst.size()));
    return new ScanPage(page, newestFirst.size() > limit ? page.getLast().scanId() : null);
  }

  @Override
  public Optional<CostScanRecord> scan(String account, String region, String scanId) {
    return Optional.ofNullable(scans.get(account + "/" + region + "/" + scanId));
  }

  @Override
  public void record(StackDayCost cost) {
    recorded.removeIf(c -> c.stack().equals(cost.stack()) && c.day().equals(cost.day()));
    recorded.add(cost);
  }

  @Override
  public boolean markAnomaly(CostAnomaly anomaly) {
    return anomalies.putIfAbsent(anomaly.stack().partitionKey() + anomaly.day(), anomaly) == null;
  }

  @Override
  public void recordMonthToDate(List<StackMonthCost> costs) {
    for (StackMonthCost cost : costs) {
      months.removeIf(c -> c.stack().equals(cost.stack()) && c.month().equals(cost.month()));
      months.add(cost);
    }
  }

  @Override
  public List<StackDayCost> days(StackRef stack, LocalDate from, LocalDate to) {
    return recorded.stream()
        .filter(c -> c.stack().equals(stack) && !c.day().isBefore(from) && !c.day().isAfter(to))
        .sorted(Comparator.comparing(StackDayCost::day))
        .toList();
  }

  @Override
  public List<CostAnomaly> anomalies(StackRef stack, LocalDate from, LocalDate to) {
    return anomalies.values().stream()
        .filter(a -> a.stack().equals(stack) && !a.day().isBefore(from) && !a.day().isAfter(to))
        .sorted(Comparator.comparing(CostAnomaly::day))
        .toList();
  }

  @Override
  public List<StackMonthCost> monthToDate(String account, String region, YearMonth month) {
    return months.stream()
        .filter(
            c ->
                c.month().equals(month)
                    && c.stack().account().equals(account)
                    && c.stack().region().equals(region))
        .toList();
  }
}
