package dev.fogbank.shared.cost;

import dev.fogbank.shared.stack.StackRef;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;

/** What a stack cost from the first of {@code month} through {@code through} (inclusive). */
public record StackMonthCost(
    StackRef stack, YearMonth month, LocalDate through, BigDecimal amount, String unit) {
  public StackMonthCost {
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(month, "month");
    Objects.requireNonNull(through, "through");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(unit, "unit");
  }
}
