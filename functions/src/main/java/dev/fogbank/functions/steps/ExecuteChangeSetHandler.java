package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.StepsStackWiring;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.StackDeployer;
import dev.fogbank.shared.deploy.StepResults.ChangeSetStep;

/** ExecuteChangeSet: starts the change set. */
public final class ExecuteChangeSetHandler extends StepHandler {
  private final StackDeployer steps;

  /** Lambda entry: wired from the function's environment. */
  public ExecuteChangeSetHandler() {
    this(StepsStackWiring.stackChanges());
  }

  public ExecuteChangeSetHandler(StackDeployer steps) {
    this.steps = steps;
  }

  @Override
  protected Object run(DeploymentInput input, JsonNode state) {
    return steps.execute(input, read(state, "changeSet", ChangeSetStep.class));
  }
}
