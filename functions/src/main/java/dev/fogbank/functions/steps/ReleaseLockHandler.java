package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.StepsWiring;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.DeploymentSteps;

/** ReleaseLock: releases the stack's lock if this deployment holds it. */
public final class ReleaseLockHandler extends StepHandler {
  private final DeploymentSteps steps;

  /** Lambda entry: wired from the function's environment. */
  public ReleaseLockHandler() {
    this(StepsWiring.steps());
  }

  public ReleaseLockHandler(DeploymentSteps steps) {
    this.steps = steps;
  }

  @Override
  protected Object run(DeploymentInput input, JsonNode state) {
    steps.releaseLock(input);
    return null;
  }
}
