package dev.fogbank.shared.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.InMemoryCostLedger;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostScanTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "eu-west-1";
  // 00:30 UTC on the 22nd: the 22nd is not complete, the 21st is the last full day.
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T00:30:00Z"), ZoneOffset.UTC);
  private static final LocalDate D20 = LocalDate.parse("2026-11-20");
  private static final LocalDate D21 = LocalDate.parse("2026-11-21");

  private final InMemoryCostLedger ledger = new InMemoryCostLedger();
  private final List<DeploymentEvent> alerts = new ArrayList<>();
  private LocalDate askedStart;
  private LocalDate askedEnd;

  private CostScan scan(DailyCosts costs) {
    CostSource source =
        (start, end) -> {
          askedStart = start;
          askedEnd = end;
          return costs;
        };
    return new CostScan(
        source, ledger, ACCOUNT, REGION, CLOCK, CostAnomalyRule.defaults(), alerts::add);
  }

  private static DailyCosts.Entry entry(String stack, LocalDate day, String amount) {
    return new DailyCosts.Entry(stack, day, new BigDecimal(amount), "USD");
  }

  private static DailyCosts costs(List<DailyCosts.Entry> byStack) {
    return new DailyCosts(byStack, List.of(), 1);
  }

  /** {@code amounts[i]} on the day {@code amounts.length - i} days before the 22nd. */
  private static List<DailyCosts.Entry> series(String stack, String... amounts) {
    List<DailyCosts.Entry> entries = new ArrayList<>();
    for (int i = 0; i < amounts.length; i++) {
      entries.add(entry(stack, LocalDate.parse("2026-11-22").minusDays(amounts.length - i),
          amounts[i]));
    }
    return entries;
  }

  @Test
  void run_thenAsksOnceFromTheFirstOfTheMonthToTodayExclusive() {
    scan(costs(List.of())).run(7);

    assertEquals(LocalDate.parse("2026-11-01"), askedStart, "month to date and trailing window");
    assertEquals(LocalDate.parse("2026-11-22"), askedEnd, "exclusive: today is left out");
  }

  @Test
  void run_whenEarlyInTheMonth_thenReadsBackFarEnoughForTheTrailingWindowAndTwoWeeks() {
    Clock third = Clock.fixed(Instant.parse("2026-12-03T06:00:00Z"), ZoneOffset.UTC);
    new CostScan((s, e) -> {
          askedStart = s;
          return costs(List.of());
        }, ledger, ACCOUNT, REGION, third)
        .run(7);

    assertEquals(LocalDate.parse("2026-11-19"), askedStart, "7 days judged + 7 trailing");
  }

  @Test
  void run_thenOneRecordPerStackAndDayUnderTheStack() {
    CostScanResult result =
        scan(costs(
                List.of(
                    entry("orders", D20, "1.25"),
                    entry("orders", D21, "1.5000000001"),
                    entry("web", D21, "0.03"))))
            .run(2);

    assertEquals(
        List.of(
            new StackDayCost(
                StackRef.of(ACCOUNT, REGION, "orders"), D20, new BigDecimal("1.25"), "USD"),
            new StackDayCost(
                StackRef.of(ACCOUNT, REGION, "orders"), D21, new BigDecimal("1.5000000001"), "USD"),
            new StackDayCost(
                StackRef.of(ACCOUNT, REGION, "web"), D21, new BigDecimal("0.03"), "USD")),
        ledger.recorded);
    assertEquals(3, result.recorded());
    assertEquals(List.of("orders", "web"), result.stacks());
  }

  @Test
  void run_thenMonthToDatePerStackThroughYesterday() {
    scan(costs(
            List.of(
                entry("orders", LocalDate.parse("2026-10-31"), "100"),
                entry("orders", D20, "1.25"),
                entry("orders", D21, "2"))))
        .run(2);

    assertEquals(
        List.of(
            new StackMonthCost(
                StackRef.of(ACCOUNT, REGION, "orders"),
                YearMonth.of(2026, 11),
                D21,
                new BigDecimal("3.25"),
                "USD")),
        ledger.months,
        "October's day is not in November's month to date");
  }

  @Test
  void run_whenADayIsOverTwiceTheTrailingAverageAndTenOver_thenOneAnomalyAlertedOnce() {
    List<DailyCosts.Entry> entries = new ArrayList<>(series("orders",
        "5", "5", "5", "5", "5", "5", "5", "5", "5", "5", "5", "5", "5", "5", "5", "5", "40"));
    entries.addAll(series("web", "5", "5", "5", "5", "5", "5", "5", "5", "14"));
    DailyCosts data = costs(entries);

    CostScanResult first = scan(data).run(7);
    CostScanResult again = scan(data).run(7);

    assertEquals(1, first.anomalies().size(), first.anomalies().toString());
    CostAnomaly anomaly = first.anomalies().getFirst();
    assertEquals("orders", anomaly.stack().name());
    assertEquals(D21, anomaly.day());
    assertEquals(0, new BigDecimal("5").compareTo(anomaly.baseline()));
    assertTrue(anomaly.reason().contains("40.00 USD on 2026-11-21, 8.0× the 7-day average of 5.00"),
        anomaly.reason());
    assertEquals(1, first.newAnomalies());
    assertEquals(1, again.anomalies().size(), "still an anomaly");
    assertEquals(0, again.newAnomalies(), "but known: not alerted again");
    assertEquals(1, alerts.size());
    assertEquals(DeploymentEvent.Kind.COST_ANOMALY, alerts.getFirst().kind());
    assertEquals("orders", alerts.getFirst().stackName());
  }

  @Test
  void run_whenAnomalyOutsideTheJudgedDays_thenOnlyItsBaselineRole() {
    // The spike is 10 days back: with days=7 it is history, not news.
    DailyCosts data = costs(series("orders",
        "5", "5", "5", "5", "5", "5", "5", "90", "5", "5", "5", "5", "5", "5", "5", "5", "5"));

    assertEquals(List.of(), scan(data).run(7).anomalies());
    assertEquals(List.of(), alerts);
  }

  @Test
  void run_whenCostsWithoutStackTag_thenNotRecordedButTotalled() {
    CostScanResult result =
        scan(new DailyCosts(
                List.of(entry("orders", D21, "2")),
                List.of(entry("", D20, "10.5"), entry("", D21, "4.25")),
                1))
            .run(2);

    assertEquals(1, ledger.recorded.size());
    assertTrue(ledger.recorded.stream().noneMatch(c -> c.stack().name().isEmpty()));
    assertEquals(Map.of("USD", new BigDecimal("14.75")), result.untaggedTotal());
    assertEquals("", result.notice());
  }

  @Test
  void run_whenNothingCarriesTheStackTag_thenTheNoticeSaysHowToActivateIt() {
    CostScanResult result =
        scan(new DailyCosts(List.of(), List.of(entry("", D21, "42")), 1)).run(2);

    assertTrue(result.notice().contains("not activated"), result.notice());
    assertTrue(result.notice().contains("aws:cloudformation:stack-name"), result.notice());
  }

  @Test
  void run_thenReportsTheRequestsTheSourceMade() {
    assertEquals(3, scan(new DailyCosts(List.of(), List.of(), 3)).run(7).requests());
  }

  @Test
  void run_whenDaysOutOfRange_thenRefusedBeforeAnyCall() {
    CostScan scan = scan(costs(List.of()));

    assertThrows(IllegalArgumentException.class, () -> scan.run(0));
    assertThrows(IllegalArgumentException.class, () -> scan.run(CostScan.MAX_DAYS + 1));
    assertEquals(null, askedStart);
  }
}
