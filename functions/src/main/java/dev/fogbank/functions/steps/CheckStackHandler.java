package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.StepsStackWiring;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.StackDeployer;
import dev.fogbank.shared.deploy.StepResults.ExecutionStep;

/** CheckStack: the stack's status after execution; fails the deployment when it ended badly. */
public final class CheckStackHandler extends StepHandler {
  private final StackDeployer steps;

  /** Lambda entry: wired from the function's environment. */
  public CheckStackHandler() {
    this(StepsStackWiring.stackChanges());
  }

  public CheckStackHandler(StackDeployer steps) {
    this.steps = steps;
  }

  @Override
  protected Object run(DeploymentInput input, JsonNode state) {
    return steps.checkStack(input, read(state, "execution", ExecutionStep.class));
  }
}
