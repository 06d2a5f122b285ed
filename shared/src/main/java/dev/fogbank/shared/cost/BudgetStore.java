package dev.fogbank.shared.cost;

import dev.fogbank.shared.stack.StackRef;
import java.math.BigDecimal;

/**
 * Where each stack's monthly budget is kept (AWS Budgets in AWS): a cost budget filtered on the
 * stack's {@code aws:cloudformation:stack-name} tag, alerting the control plane's topic at 80% and
 * 100% of the actual spend. Both calls are idempotent: keeping what is already kept changes
 * nothing, removing what is not there is no error.
 */
public interface BudgetStore {
  /** Alerts at these percentages of the budget, on the actual (not forecast) cost. */
  java.util.List<Integer> THRESHOLDS = java.util.List.of(80, 100);

  /** Creates or changes the stack's budget to {@code monthlyUsd} (above 0). */
  void keep(StackRef stack, BigDecimal monthlyUsd);

  /** Deletes the stack's budget, if it has one. */
  void remove(StackRef stack);

  /** The stack's budget in USD a month; empty when it has none. */
  java.util.Optional<BigDecimal> budget(StackRef stack);

  /** The stack's budget with its alert thresholds; empty when it has none. */
  default java.util.Optional<StackBudget> status(StackRef stack) {
    return budget(stack).map(amount -> new StackBudget(amount, "USD", THRESHOLDS));
  }

  /** The stack's configuration says {@code monthlyUsd} (null: no budget): keep or remove it. */
  default void apply(StackRef stack, BigDecimal monthlyUsd) {
    if (monthlyUsd == null) {
      remove(stack);
    } else {
      keep(stack, monthlyUsd);
    }
  }
}
