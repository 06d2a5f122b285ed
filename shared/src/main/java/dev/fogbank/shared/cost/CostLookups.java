package dev.fogbank.shared.cost;

import dev.fogbank.shared.stack.StackRef;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What {@code GET /costs?stack=} asks of AWS on each request: the stack's cost split by service
 * (Cost Explorer) and its budget (AWS Budgets). {@link #direct} asks them itself (local mode, and
 * the scans function in AWS); {@link LambdaCostLookups} asks the scans function, which carries
 * those two clients, so that the api artifact need not.
 */
public interface CostLookups {
  /** See {@link CostSource#costsByService}: {@code start} inclusive, {@code end} exclusive. */
  ServiceCosts costsByService(String stack, LocalDate start, LocalDate end);

  /** The stack's kept budget with its alert thresholds; empty when it has none. */
  Optional<StackBudget> budget(StackRef stack);

  /** Asks Cost Explorer and Budgets through these (each built when first asked). */
  static CostLookups direct(Supplier<CostSource> costs, Supplier<BudgetStore> budgets) {
    Objects.requireNonNull(costs, "costs");
    Objects.requireNonNull(budgets, "budgets");
    return new CostLookups() {
      @Override
      public ServiceCosts costsByService(String stack, LocalDate start, LocalDate end) {
        return costs.get().costsByService(stack, start, end);
      }

      @Override
      public Optional<StackBudget> budget(StackRef stack) {
        return budgets.get().status(stack);
      }
    };
  }
}
