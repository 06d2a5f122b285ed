package dev.fogbank.functions.api;

import dev.fogbank.shared.cost.CostAnomaly;
import dev.fogbank.shared.cost.StackCostReport;
import dev.fogbank.shared.cost.StackDayCost;
import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /costs?stack=} as CSV (RFC 4180): a header row, then one row per recorded day. A
 * handful of lines rather than a CSV library: the api artifact has little room under its budget.
 */
final class CostCsv {
  static final String CONTENT_TYPE = "text/csv; charset=utf-8";
  static final String HEADER = "date,stack,amount,currency,anomaly";

  private CostCsv() {}

  static String of(StackCostReport r) {
    Set<LocalDate> anomalous =
        r.anomalies().stream().map(CostAnomaly::day).collect(Collectors.toSet());
    StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
    for (StackDayCost d : r.days()) {
      csv.append(d.day())
          .append(',')
          .append(field(r.stackName()))
          .append(',')
          .append(d.amount().stripTrailingZeros().toPlainString())
          .append(',')
          .append(field(d.unit()))
          .append(',')
          .append(anomalous.contains(d.day()))
          .append("\r\n");
    }
    return csv.toString();
  }

  /** Quoted when it holds a comma, a quote or a line break; quotes inside are doubled. */
  static String field(String value) {
    if (value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  /** Whether the request's Accept header asks for CSV (before, or instead of, JSON). */
  static boolean wanted(String accept) {
    if (accept == null) {
      return false;
    }
    for (String range : accept.split(",")) {
      String type = range.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
      if (type.equals("text/csv")) {
        return true;
      }
      if (type.equals("application/json") || type.equals("*/*")) {
        return false;
      }
    }
    return false;
  }
}
