package dev.fogbank.functions.api;

import dev.fogbank.shared.cost.CostAnomaly;
import dev.fogbank.shared.cost.CostScanRecord;
import dev.fogbank.shared.cost.CostScanResult;
import dev.fogbank.shared.cost.DeployedEstimate;
import dev.fogbank.shared.cost.StackCostReport;
import dev.fogbank.shared.cost.StackMonthCost;
import dev.fogbank.shared.estimate.ReviewCostEstimate;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the cost routes (docs/api/openapi.yaml, CostReport, CostList and CostScan). Amounts
 * are decimal strings, exactly as Cost Explorer reported them, so that no client rounds them.
 */
final class CostView {
  private CostView() {}

  /**
   * One stack's report; {@code estimate}: the estimate made at its deployment (null for none),
   * shown with how far the month's forecast is from it.
   */
  static Map<String, Object> report(StackCostReport r, DeployedEstimate estimate) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("stack", r.stackName());
    view.put("from", r.from().toString());
    view.put("to", r.to().toString());
    view.put("unit", r.unit());
    view.put(
        "days",
        r.days().stream()
            .map(d -> Map.of("day", d.day().toString(), "amount", money(d.amount())))
            .toList());
    view.put("total", money(r.total()));
    view.put("through", r.through().toString());
    view.put("monthToDate", money(r.monthToDate()));
    view.put("forecast", money(r.forecast()));
    Map<String, Object> week = new LinkedHashMap<>();
    week.put("lastWeek", money(r.lastWeek()));
    week.put("previousWeek", money(r.previousWeek()));
    week.put(
        "changePercent",
        r.weekOverWeekPercent() == null ? null : money(r.weekOverWeekPercent()));
    view.put("weekOverWeek", week);
    view.put("anomalies", r.anomalies().stream().map(CostView::anomaly).toList());
    view.put("estimate", estimate == null ? null : estimate(estimate, r));
    return view;
  }

  /**
   * The stack's budget: its amount, the month to date and forecast against it, and each alert
   * threshold with whether the month to date has passed it (AWS Budgets alerts on the actual cost).
   */
  static Map<String, Object> budget(dev.fogbank.shared.cost.StackBudget b, StackCostReport r) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("amount", money(b.amount()));
    view.put("unit", b.unit());
    view.put("actual", money(r.monthToDate()));
    view.put("forecast", money(r.forecast()));
    BigDecimal actualPercent = b.percentOf(r.monthToDate());
    BigDecimal forecastPercent = b.percentOf(r.forecast());
    view.put("actualPercent", actualPercent == null ? null : money(actualPercent));
    view.put("forecastPercent", forecastPercent == null ? null : money(forecastPercent));
    view.put(
        "alerts",
        b.alertPercents().stream()
            .map(
                p -> {
                  Map<String, Object> alert = new LinkedHashMap<>();
                  alert.put("thresholdPercent", p);
                  alert.put("type", "ACTUAL");
                  alert.put(
                      "passed",
                      actualPercent != null && actualPercent.compareTo(BigDecimal.valueOf(p)) > 0);
                  return alert;
                })
            .toList());
    return view;
  }

  private static Map<String, Object> estimate(DeployedEstimate e, StackCostReport r) {
    ReviewCostEstimate cost = e.estimate();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("deploymentId", e.deploymentId());
    view.put("deployedAt", e.deployedAt() == null ? null : e.deployedAt().toString());
    view.put("monthly", cost.monthly() == null ? null : money(cost.monthly()));
    view.put("annual", cost.annual() == null ? null : money(cost.annual()));
    view.put("coverage", cost.coverage());
    view.put("unavailable", cost.unavailable());
    BigDecimal off = e.percentOff(r.forecast());
    view.put("forecastVsEstimatePercent", off == null ? null : money(off));
    return view;
  }

  static Map<String, Object> list(LocalDate through, List<StackMonthCost> costs) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("month", through.toString().substring(0, 7));
    view.put("through", through.toString());
    view.put(
        "stacks",
        costs.stream()
            .map(
                c -> {
                  Map<String, Object> stack = new LinkedHashMap<>();
                  stack.put("stack", c.stack().name());
                  stack.put("monthToDate", money(c.amount()));
                  stack.put("unit", c.unit());
                  stack.put("through", c.through().toString());
                  return stack;
                })
            .toList());
    return view;
  }

  static Map<String, Object> scan(String scanId, CostScanResult r) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("scanId", scanId);
    view.put("status", "SUCCEEDED");
    view.put("start", r.start().toString());
    view.put("end", r.end().toString());
    view.put("stacks", r.stackCount());
    view.put("recorded", r.recorded());
    view.put("requests", r.requests());
    view.put("anomalies", r.anomalies().stream().map(CostView::anomaly).toList());
    if (r.anomalyCount() > r.anomalies().size()) {
      // A kept record lists the first ones; every anomaly is on its stack (GET /costs?stack=).
      view.put("anomalyCount", r.anomalyCount());
    }
    view.put("newAnomalies", r.newAnomalies());
    view.put("notice", r.notice());
    return view;
  }

  /** A kept scan: its outcome as {@link #scan} shows it, with when it ran, or its failure. */
  static Map<String, Object> scanRecord(CostScanRecord s) {
    Map<String, Object> view = new LinkedHashMap<>();
    if (s.result() != null) {
      view.putAll(scan(s.scanId(), s.result()));
    } else {
      view.put("scanId", s.scanId());
    }
    view.put("status", s.status());
    view.put("days", s.days());
    view.put("started", s.started().toString());
    if (s.finished() != null) {
      view.put("finished", s.finished().toString());
    }
    if (s.failureCode() != null) {
      view.put("failure", Map.of("code", s.failureCode(), "message", s.failureMessage()));
    }
    return view;
  }

  /** One stack's result in a cost scan ({@code GET /cost-scans/{id}/stacks}). */
  static Map<String, Object> scanStack(dev.fogbank.shared.cost.CostLedger.ScanStack s) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("stack", s.stack());
    view.put("month", s.month().toString());
    view.put("through", s.through().toString());
    view.put("monthToDate", money(s.monthToDate()));
    view.put("unit", s.unit());
    view.put("anomalies", s.anomalies());
    return view;
  }

  private static Map<String, Object> anomaly(CostAnomaly a) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("stack", a.stack().name());
    view.put("day", a.day().toString());
    view.put("amount", money(a.amount()));
    view.put("baseline", money(a.baseline()));
    view.put("unit", a.unit());
    view.put("reason", a.reason());
    return view;
  }

  private static String money(BigDecimal amount) {
    return amount.stripTrailingZeros().toPlainString();
  }
}
