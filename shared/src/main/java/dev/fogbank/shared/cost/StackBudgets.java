package dev.fogbank.shared.cost;

import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.log.StructuredLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps a stack's AWS Budget as its latest successful deployment configures it (deployment.yaml's
 * {@code budget:}, the API's {@code options.budget}): created or changed when it says an amount,
 * deleted when it says none. A rollback carries no configuration of its own and leaves the budget
 * as it is. The deployment has succeeded by then: a budget that cannot be kept is logged ({@code
 * budget_not_kept}, with its error code) and returned, never turned into a failed deployment.
 */
public final class StackBudgets {
  private final Supplier<BudgetStore> store;

  private StackBudgets(Supplier<BudgetStore> store) {
    this.store = store == null ? null : once(store);
  }

  /**
   * {@code build}'s store, built at the first call and kept (what the store remembers, {@link
   * RememberedBudgets#soleWriter}, then lasts); a build that throws is tried again next time.
   */
  private static Supplier<BudgetStore> once(Supplier<BudgetStore> build) {
    return new Supplier<>() {
      private volatile BudgetStore built;

      @Override
      public BudgetStore get() {
        BudgetStore kept = built;
        if (kept == null) {
          synchronized (this) {
            kept = built;
            if (kept == null) {
              kept = java.util.Objects.requireNonNull(build.get(), "budget store");
              built = kept;
            }
          }
        }
        return kept;
      }
    };
  }

  public static StackBudgets of(BudgetStore store) {
    java.util.Objects.requireNonNull(store, "store");
    return new StackBudgets(() -> store);
  }

  /**
   * With the store built on first use (its client with it) and kept for the next deployments: a
   * failed deployment builds none.
   */
  public static StackBudgets lazy(Supplier<BudgetStore> store) {
    return new StackBudgets(java.util.Objects.requireNonNull(store, "store"));
  }

  /** Budgets not kept at all (local runs without an AWS endpoint, tests). */
  public static StackBudgets none() {
    return new StackBudgets(null);
  }

  /** Applies the deployment's budget; the problem, when it could not. */
  public Optional<DeploymentException> follow(DeploymentInput in) {
    if (store == null || DeploymentSource.ROLLBACK.wireName().equals(in.source())) {
      return Optional.empty();
    }
    try {
      store.get().apply(in.stack(), in.reviewPolicy().budget());
      return Optional.empty();
    } catch (DeploymentException e) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("stackName", in.stackName());
      fields.put("deploymentId", in.deploymentId());
      fields.put("code", e.code().name());
      fields.put("message", e.getMessage());
      StructuredLog.error("budget_not_kept", fields);
      return Optional.of(e);
    }
  }
}
