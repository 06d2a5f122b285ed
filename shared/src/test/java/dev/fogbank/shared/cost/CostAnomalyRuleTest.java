package dev.fogbank.shared.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.stack.StackRef;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CostAnomalyRuleTest {
  private static final StackRef STACK = StackRef.of("123456789012", "us-east-1", "orders");
  private static final LocalDate DAY = LocalDate.parse("2026-11-21");
  private final CostAnomalyRule rule = CostAnomalyRule.defaults();

  private Optional<CostAnomaly> check(String amount, String... trailing) {
    return rule.check(
        STACK, DAY, new BigDecimal(amount), List.of(trailing).stream().map(BigDecimal::new).toList(),
        "USD");
  }

  private static String[] sevenTimes(String amount) {
    return Collections.nCopies(7, amount).toArray(String[]::new);
  }

  @Test
  void check_whenOverTwiceAndMoreThanTenOver_thenAnomalyWithTheFiguresInWords() {
    CostAnomaly anomaly = check("25", sevenTimes("7")).orElseThrow();

    assertEquals(0, new BigDecimal("7").compareTo(anomaly.baseline()));
    assertEquals(
        "stack 'orders' cost 25.00 USD on 2026-11-21, 3.6× the 7-day average of 7.00 USD (18.00"
            + " USD over); flagged above 2× the average and more than 10.00 USD over it",
        anomaly.reason());
  }

  @Test
  void check_whenTwiceButLessThanTenOver_thenNone() {
    assertEquals(Optional.empty(), check("9", sevenTimes("1")), "9× but only $8 over");
  }

  @Test
  void check_whenTenOverButNotTwice_thenNone() {
    assertEquals(Optional.empty(), check("150", sevenTimes("100")));
  }

  @Test
  void check_whenExactlyTwiceAndTenOver_thenNone() {
    assertEquals(Optional.empty(), check("20", sevenTimes("10")), "the rule is 'above'");
  }

  @Test
  void check_whenMissingTrailingDays_thenTheyCountAsZero() {
    // One day of 7 at $7: the average is $1, so $12 is 12× and $11 over.
    assertTrue(check("12", "7").isPresent());
  }

  @Test
  void check_whenNoTrailingCostAtAll_thenNoBaselineAndNoAnomaly() {
    assertEquals(Optional.empty(), check("500"), "a new stack's first day is not an anomaly");
  }

  @Test
  void rule_whenMultiplierNotAboveOne_thenRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new CostAnomalyRule(BigDecimal.ONE, BigDecimal.TEN, 7));
  }
}
