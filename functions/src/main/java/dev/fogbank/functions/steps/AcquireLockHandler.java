package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.StepsLedgerWiring;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.deploy.StepResults.LockAttempt;

/** AcquireLock: takes the stack's lock, or reports who holds it until the wait runs out. */
public final class AcquireLockHandler extends StepHandler {
  private final DeploymentLedger steps;

  /** Lambda entry: wired from the function's environment. */
  public AcquireLockHandler() {
    this(StepsLedgerWiring.ledger());
  }

  public AcquireLockHandler(DeploymentLedger steps) {
    this.steps = steps;
  }

  @Override
  protected Object run(DeploymentInput input, JsonNode state) {
    LockAttempt previous = read(state, "lock", LockAttempt.class);
    if (previous != null && previous.acquired()) {
      return steps.confirmLock(input, previous); // ConfirmLock: the same function, lock held
    }
    return steps.acquireLock(input, previous == null ? null : previous.waitDeadline());
  }
}
