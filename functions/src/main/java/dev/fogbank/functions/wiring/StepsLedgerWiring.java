package dev.fogbank.functions.wiring;

import dev.fogbank.shared.deploy.DeploymentLedger;

/**
 * The steps-ledger handlers' wiring, built once per Lambda container on first use (class
 * initialisation is lazy and safe). Apart from {@link StepsStackWiring} so that neither artifact
 * reaches the other's classes.
 */
public final class StepsLedgerWiring {
  private StepsLedgerWiring() {}

  private static final class Holder {
    static final StepsLedgerComponent COMPONENT = DaggerStepsLedgerComponent.create();

    static {
      SnapStartPriming.register("steps-ledger", () -> prime(COMPONENT));
    }

    /**
     * SnapStart priming for AcquireLock and the other ledger steps: the ledger and its clients
     * (DynamoDB, SNS) built, a step input read and written, one read-only table read.
     */
    private static void prime(StepsLedgerComponent c) {
      c.ledger();
      c.clients().sns();
      SnapStartPriming.stepJson();
      SnapStartPriming.readOnlyTableRead(c.clients(), c.environment().tableName());
    }
  }

  public static DeploymentLedger ledger() {
    return Holder.COMPONENT.ledger();
  }

  public static dev.fogbank.shared.cost.StackBudgets budgets() {
    return Holder.COMPONENT.budgets();
  }
}
