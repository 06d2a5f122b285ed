package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.StepsStackWiring;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.StackDeployer;
import dev.fogbank.shared.deploy.StepResults.ChangeSetStep;

/** DiscardChangeSet: deletes a change set that will not run (rejected, or not decided in time). */
public final class DiscardChangeSetHandler extends StepHandler {
  private final StackDeployer steps;

  /** Lambda entry: wired from the function's environment. */
  public DiscardChangeSetHandler() {
    this(StepsStackWiring.stackChanges());
  }

  public DiscardChangeSetHandler(StackDeployer steps) {
    this.steps = steps;
  }

  @Override
  protected Object run(DeploymentInput input, JsonNode state) {
    steps.discard(input, read(state, "changeSet", ChangeSetStep.class));
    return null;
  }
}
