package dev.fogbank.shared.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * A stack's kept monthly budget as AWS Budgets has it: the amount and the alert thresholds (in
 * percent of the amount, on the actual cost) that notify the control plane's topic.
 */
public record StackBudget(BigDecimal amount, String unit, List<Integer> alertPercents) {
  public StackBudget {
    alertPercents = List.copyOf(alertPercents);
  }

  /** {@code spent} as a percentage of the amount, one decimal; null for a budget of 0. */
  public BigDecimal percentOf(BigDecimal spent) {
    return amount.signum() == 0
        ? null
        : spent.multiply(BigDecimal.valueOf(100)).divide(amount, 1, RoundingMode.HALF_UP);
  }
}
