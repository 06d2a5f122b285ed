package dev.fogbank.functions.console;

import dev.fogbank.shared.cost.CostAnomaly;
import dev.fogbank.shared.cost.StackCostReport;
import dev.fogbank.shared.cost.StackDayCost;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A stack's daily costs as a bar chart drawn on the server (inline SVG: no script, no CDN), one
 * bar a day, anomalies marked. Coordinates are computed here; the template only places them.
 */
public record CostChart(
    String unit,
    String from,
    String to,
    String total,
    String monthToDate,
    String forecast,
    String max,
    List<Bar> bars,
    List<Anomaly> anomalies,
    String budget,
    String budgetDaily,
    String budgetUsed,
    int budgetY) {
  public static final int WIDTH = 600;
  static final int HEIGHT = 160;

  /** One day: its bar's box in the 600×160 view and its figure. */
  public record Bar(
      String day, String amount, int x, int y, int width, int height, boolean anomaly) {}

  public record Anomaly(String day, String amount, String baseline, String reason) {}

  static CostChart of(StackCostReport report) {
    return of(report, null);
  }

  /**
   * With the stack's monthly budget (null: none) drawn as a line at the daily pace it allows (the
   * budget over the days of the last day's month), the bars scaled so that the line fits.
   */
  static CostChart of(StackCostReport report, BigDecimal monthlyBudget) {
    Map<LocalDate, BigDecimal> byDay = new HashMap<>();
    for (StackDayCost d : report.days()) {
      byDay.merge(d.day(), d.amount(), BigDecimal::add);
    }
    Map<LocalDate, CostAnomaly> anomalous = new HashMap<>();
    report.anomalies().forEach(a -> anomalous.put(a.day(), a));
    BigDecimal highest =
        byDay.values().stream().max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
    BigDecimal daily =
        monthlyBudget == null
            ? null
            : monthlyBudget.divide(
                BigDecimal.valueOf(report.to().lengthOfMonth()), 4, RoundingMode.HALF_UP);
    BigDecimal max = daily == null ? highest : highest.max(daily);
    int days = (int) (report.to().toEpochDay() - report.from().toEpochDay()) + 1;
    int slot = Math.max(1, WIDTH / Math.max(1, days));
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < days; i++) {
      LocalDate day = report.from().plusDays(i);
      BigDecimal amount = byDay.getOrDefault(day, BigDecimal.ZERO);
      int height =
          max.signum() == 0
              ? 0
              : amount.multiply(BigDecimal.valueOf(HEIGHT - 10))
                  .divide(max, 0, RoundingMode.HALF_UP).intValue();
      bars.add(
          new Bar(day.toString(), money(amount), i * slot + 1, HEIGHT - height,
              Math.max(1, slot - 2), height, anomalous.containsKey(day)));
    }
    return new CostChart(
        report.unit(),
        report.from().toString(),
        report.to().toString(),
        money(report.total()),
        money(report.monthToDate()),
        money(report.forecast()),
        money(highest),
        bars,
        report.anomalies().stream()
            .map(a -> new Anomaly(a.day().toString(), money(a.amount()), money(a.baseline()),
                a.reason() == null ? "" : a.reason()))
            .toList(),
        monthlyBudget == null ? "" : money(monthlyBudget),
        daily == null ? "" : money(daily),
        monthlyBudget == null || monthlyBudget.signum() == 0 || report.monthToDate() == null
            ? ""
            : report.monthToDate().multiply(BigDecimal.valueOf(100))
                .divide(monthlyBudget, 0, RoundingMode.HALF_UP) + "%",
        daily == null || max.signum() == 0
            ? -1
            : HEIGHT - daily.multiply(BigDecimal.valueOf(HEIGHT - 10))
                .divide(max, 0, RoundingMode.HALF_UP).intValue());
  }

  public String viewBox() {
    return "0 0 " + WIDTH + " " + HEIGHT;
  }

  public boolean empty() {
    return bars.stream().allMatch(b -> b.height() == 0);
  }

  private static String money(BigDecimal value) {
    return value == null
        ? ""
        : String.format(Locale.ROOT, "%s", value.setScale(2, RoundingMode.HALF_UP).toPlainString());
  }
}
