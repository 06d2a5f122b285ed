package dev.fogbank.shared.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.stack.StackRef;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
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

  private final List<StackDayCost> recorded = new ArrayList<>();
  private LocalDate askedStart;
  private LocalDate askedEnd;

  private CostScan scan(DailyCosts costs) {
    CostSource source =
        (start, end) -> {
          askedStart = start;
          askedEnd = end;
          return costs;
        };
    return new CostScan(source, recorded::add, ACCOUNT, REGION, CLOCK);
  }

  private static DailyCosts.Entry entry(String stack, LocalDate day, String amount) {
    return new DailyCosts.Entry(stack, day, new BigDecimal(amount), "USD");
  }

  @Test
  void run_thenAsksForTheLastCompleteDaysEndingBeforeToday() {
    scan(new DailyCosts(List.of(), List.of())).run(7);

    assertEquals(LocalDate.parse("2026-11-15"), askedStart);
    assertEquals(LocalDate.parse("2026-11-22"), askedEnd, "exclusive: today is left out");
  }

  @Test
  void run_thenOneRecordPerStackAndDayUnderTheStack() {
    CostScanResult result =
        scan(new DailyCosts(
                List.of(
                    entry("orders", D20, "1.25"),
                    entry("orders", D21, "1.5000000001"),
                    entry("web", D21, "0.03")),
                List.of()))
            .run(2);

    assertEquals(
        List.of(
            new StackDayCost(
                StackRef.of(ACCOUNT, REGION, "orders"), D20, new BigDecimal("1.25"), "USD"),
            new StackDayCost(
                StackRef.of(ACCOUNT, REGION, "orders"), D21, new BigDecimal("1.5000000001"), "USD"),
            new StackDayCost(
                StackRef.of(ACCOUNT, REGION, "web"), D21, new BigDecimal("0.03"), "USD")),
        recorded);
    assertEquals(3, result.recorded());
    assertEquals(List.of("orders", "web"), result.stacks());
  }

  @Test
  void run_whenCostsWithoutStackTag_thenNotRecordedButTotalled() {
    CostScanResult result =
        scan(new DailyCosts(
                List.of(entry("orders", D21, "2")),
                List.of(entry("", D20, "10.5"), entry("", D21, "4.25"))))
            .run(2);

    assertEquals(1, recorded.size());
    assertTrue(recorded.stream().noneMatch(c -> c.stack().name().isEmpty()));
    assertEquals(Map.of("USD", new BigDecimal("14.75")), result.untaggedTotal());
  }

  @Test
  void run_whenDaysOutOfRange_thenRefusedBeforeAnyCall() {
    CostScan scan = scan(new DailyCosts(List.of(), List.of()));

    assertThrows(IllegalArgumentException.class, () -> scan.run(0));
    assertThrows(IllegalArgumentException.class, () -> scan.run(CostScan.MAX_DAYS + 1));
    assertEquals(null, askedStart);
  }
}
