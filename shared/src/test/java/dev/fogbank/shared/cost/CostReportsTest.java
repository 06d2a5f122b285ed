package dev.fogbank.shared.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.InMemoryCostLedger;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostReportsTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private final InMemoryCostLedger ledger = new InMemoryCostLedger();

  private CostReports at(String instant) {
    return new CostReports(
        ledger, ACCOUNT, REGION, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  private void cost(String stack, String day, String amount) {
    ledger.record(
        new StackDayCost(
            StackRef.of(ACCOUNT, REGION, stack), LocalDate.parse(day), new BigDecimal(amount),
            "USD"));
  }

  @Test
  void stack_whenOnTheMonthsLastDay_thenForecastIsTheMonthToDate() {
    cost("web", "2026-11-30", "3");
    cost("web", "2026-11-29", "3");

    StackCostReport r =
        at("2026-12-01T01:00:00Z")
            .stack("web", LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"));

    assertEquals(LocalDate.parse("2026-11-30"), r.through());
    assertEquals(0, new BigDecimal("6").compareTo(r.monthToDate()));
    assertEquals(0, r.monthToDate().compareTo(r.forecast()), "no day left to forecast");
  }

  @Test
  void stack_whenPreviousWeekCostNothing_thenNoPercentageButBothWeeks() {
    cost("new", "2026-11-21", "5");

    StackCostReport r =
        at("2026-11-22T01:00:00Z")
            .stack("new", LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-21"));

    assertEquals(0, new BigDecimal("5").compareTo(r.lastWeek()));
    assertEquals(0, BigDecimal.ZERO.compareTo(r.previousWeek()));
    assertNull(r.weekOverWeekPercent());
  }

  @Test
  void stack_whenRangeIsBackwardsOrTooLong_thenRefused() {
    CostReports reports = at("2026-11-22T01:00:00Z");

    assertThrows(
        IllegalArgumentException.class,
        () -> reports.stack("web", LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-01")));
    assertThrows(
        IllegalArgumentException.class,
        () -> reports.stack("web", LocalDate.parse("2025-01-01"), LocalDate.parse("2026-01-02")));
  }

  @Test
  void monthToDate_thenMostExpensiveFirstThenByName() {
    YearMonth month = YearMonth.of(2026, 11);
    LocalDate through = LocalDate.parse("2026-11-21");
    ledger.recordMonthToDate(
        List.of(
            new StackMonthCost(
                StackRef.of(ACCOUNT, REGION, "b"), month, through, new BigDecimal("5"), "USD"),
            new StackMonthCost(
                StackRef.of(ACCOUNT, REGION, "a"), month, through, new BigDecimal("5"), "USD"),
            new StackMonthCost(
                StackRef.of(ACCOUNT, REGION, "z"), month, through, new BigDecimal("50"), "USD"),
            new StackMonthCost(
                StackRef.of(ACCOUNT, REGION, "old"), YearMonth.of(2026, 10), through,
                new BigDecimal("500"), "USD")));

    List<String> names =
        at("2026-11-22T01:00:00Z").monthToDate().stream().map(c -> c.stack().name()).toList();

    assertEquals(List.of("z", "a", "b"), names, "October's figure is not this month's");
  }
}
