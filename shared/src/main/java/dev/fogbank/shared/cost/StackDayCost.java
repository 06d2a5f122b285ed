package dev.fogbank.shared.cost;

import dev.fogbank.shared.stack.StackRef;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** What one stack cost on one UTC day, as Cost Explorer reports it (unblended). */
public record StackDayCost(StackRef stack, LocalDate day, BigDecimal amount, String unit) {
  public StackDayCost {
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(unit, "unit");
  }
}
