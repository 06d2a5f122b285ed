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
    List<Anomaly> anomalies) {
  static final int WIDTH = 600;
  static final int HEIGHT = 160;

  /** One day: its bar's box in the 600×160 view and its figure. */
  public record Bar(
      String day, String amount, int x, int y, int width, int height, boolean anomaly) {}

  public record Anomaly(String day, String amount, String baseline, String reason) {}

  static CostChart of(StackCostReport report) {
    Map<LocalDate, BigDecimal> byDay = new HashMap<>();
    for (StackDayCost d : report.days()) {
      byDay.merge(d.day(), d.amount(), BigDecimal::add);
    }
    Map<LocalDate, CostAnomaly> anomalous = new HashMap<>();
    report.anomalies().forEach(a -> anomalous.put(a.day(), a));
    BigDecimal max =
        byDay.values().stream().max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
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
        money(max),
        bars,
        report.anomalies().stream()
            .map(a -> new Anomaly(a.day().toString(), money(a.amount()), money(a.baseline()),
                a.reason() == null ? "" : a.reason()))
            .toList());
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
