package dev.fogbank.shared.cost;

import dev.fogbank.shared.stack.StackRef;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a day's cost is an anomaly: above {@code multiplier} × the average of the {@code
 * trailingDays} days before it, and more than {@code minimumExcess} over that average (so that a
 * $0.02 stack going to $0.10 is not news). A day missing from Cost Explorer cost nothing; a stack
 * with no cost at all in the trailing days has no baseline yet and is not judged.
 */
public record CostAnomalyRule(BigDecimal multiplier, BigDecimal minimumExcess, int trailingDays) {
  public CostAnomalyRule {
    Objects.requireNonNull(multiplier, "multiplier");
    Objects.requireNonNull(minimumExcess, "minimumExcess");
    if (multiplier.compareTo(BigDecimal.ONE) <= 0) {
      throw new IllegalArgumentException("multiplier must be above 1, not " + multiplier);
    }
    if (minimumExcess.signum() < 0) {
      throw new IllegalArgumentException("minimumExcess must not be negative");
    }
    if (trailingDays < 1 || trailingDays > 31) {
      throw new IllegalArgumentException("trailingDays must be 1 to 31, not " + trailingDays);
    }
  }

  /** Above 2× the trailing 7-day average and more than 10 (dollars) over it. */
  public static CostAnomalyRule defaults() {
    return new CostAnomalyRule(BigDecimal.valueOf(2), BigDecimal.TEN, 7);
  }

  /**
   * The anomaly on {@code day}, if any.
   *
   * @param trailing the costs of the {@code trailingDays} days before {@code day} that Cost
   *     Explorer reported (fewer when some cost nothing); empty means no baseline
   */
  public Optional<CostAnomaly> check(
      StackRef stack, LocalDate day, BigDecimal amount, List<BigDecimal> trailing, String unit) {
    if (trailing.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal sum = trailing.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal baseline = sum.divide(BigDecimal.valueOf(trailingDays), 4, RoundingMode.HALF_UP);
    BigDecimal excess = amount.subtract(baseline);
    if (amount.compareTo(baseline.multiply(multiplier)) <= 0
        || excess.compareTo(minimumExcess) <= 0) {
      return Optional.empty();
    }
    String times =
        baseline.signum() == 0
            ? "from nothing"
            : amount.divide(baseline, 1, RoundingMode.HALF_UP).toPlainString() + "×";
    String reason =
        String.format(
            "stack '%s' cost %s %s on %s, %s the %d-day average of %s %s (%s %s over); flagged"
                + " above %s× the average and more than %s %s over it",
            stack.name(),
            money(amount),
            unit,
            day,
            times,
            trailingDays,
            money(baseline),
            unit,
            money(excess),
            unit,
            multiplier.stripTrailingZeros().toPlainString(),
            money(minimumExcess),
            unit);
    return Optional.of(new CostAnomaly(stack, day, amount, baseline, unit, reason));
  }

  private static String money(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }
}
