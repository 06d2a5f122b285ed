package dev.fogbank.shared.cost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A stack's costs for a range of days, with where its month is heading.
 *
 * @param days the daily costs recorded from {@code from} through {@code to} (days without a record
 *     cost nothing or were not scanned yet)
 * @param total the sum of {@code days}
 * @param through the last complete day (UTC) the month figures are counted to
 * @param monthToDate from the first of {@code through}'s month through {@code through}
 * @param forecast month to date plus the last 7 days' daily average for each day left in the month
 * @param lastWeek the 7 days ending {@code through}
 * @param previousWeek the 7 days before those
 * @param weekOverWeekPercent lastWeek against previousWeek, in percent; null when previousWeek is 0
 * @param anomalies the anomalies kept for days from {@code from} through {@code to}
 */
public record StackCostReport(
    String stackName,
    LocalDate from,
    LocalDate to,
    String unit,
    List<StackDayCost> days,
    BigDecimal total,
    LocalDate through,
    BigDecimal monthToDate,
    BigDecimal forecast,
    BigDecimal lastWeek,
    BigDecimal previousWeek,
    BigDecimal weekOverWeekPercent,
    List<CostAnomaly> anomalies) {
  public StackCostReport {
    days = List.copyOf(days);
    anomalies = List.copyOf(anomalies);
  }
}
