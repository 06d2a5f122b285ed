package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.StepsLedgerWiring;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.DeploymentLedger;

/** ReleaseLock: releases the stack's lock if this deployment holds it. */
public final class ReleaseLockHandler extends StepHandler {
  private final DeploymentLedger steps;

  /** Lambda entry: wired from the function's environment. */
  public ReleaseLockHandler() {
    this(StepsLedgerWiring.ledger());
  }

  public ReleaseLockHandler(DeploymentLedger steps) {
    this.steps = steps;
  }

  @Override
  protected Object run(DeploymentInput input, JsonNode state) {
    steps.releaseLock(input);
    return null;
  }
}
