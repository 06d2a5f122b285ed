package dev.fogbank.functions.api;

import dev.fogbank.shared.cost.CostAnomaly;
import dev.fogbank.shared.cost.StackCostReport;
import dev.fogbank.shared.cost.StackDayCost;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /costs?stack=} as CSV ({@link Csv}): a header row, then one row per recorded day.
 */
final class CostCsv {
  static final String CONTENT_TYPE = Csv.CONTENT_TYPE;
  static final String HEADER = "date,stack,amount,currency,anomaly";

  private CostCsv() {}

  static String of(StackCostReport r) {
    Set<LocalDate> anomalous =
        r.anomalies().stream().map(CostAnomaly::day).collect(Collectors.toSet());
    Csv csv = new Csv(List.of(HEADER.split(",")));
    for (StackDayCost d : r.days()) {
      csv.row(
          d.day(),
          r.stackName(),
          d.amount().stripTrailingZeros().toPlainString(),
          d.unit(),
          anomalous.contains(d.day()));
    }
    return csv.text();
  }
}
