package dev.fogbank.functions.wiring;

import dagger.Component;
import dev.fogbank.shared.deploy.DeploymentLedger;
import jakarta.inject.Singleton;

/**
 * The steps-ledger artifact's component: the table and the topic. A component of its own, so
 * that the steps-stack artifact holds none of the ledger's classes (nor the SDK models they name).
 */
@Singleton
@Component(modules = StepsLedgerModule.class)
public interface StepsLedgerComponent {
  DeploymentLedger ledger();

  /** The clients (SnapStart priming builds them before the snapshot). */
  dev.fogbank.shared.aws.AwsClientFactory clients();

  FunctionEnvironment environment();

  /** RecordResult's: the stack's AWS Budget (client built on first use). */
  dev.fogbank.shared.cost.StackBudgets budgets();
}
