package dev.fogbank.shared.cost;

import dev.fogbank.shared.stack.StackRef;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A day a stack cost much more than it usually does.
 *
 * @param amount what the day cost
 * @param baseline the trailing average the day is compared with
 * @param reason the finding in words, with the figures and the rule that flagged it
 */
public record CostAnomaly(
    StackRef stack,
    LocalDate day,
    BigDecimal amount,
    BigDecimal baseline,
    String unit,
    String reason) {
  public CostAnomaly {
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(reason, "reason");
  }
}
