package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.StepsStackWiring;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.StackDeployer;

/** CreateChangeSet: creates the change set and waits until CloudFormation has computed it. */
public final class CreateChangeSetHandler extends StepHandler {
  private final StackDeployer steps;

  /** Lambda entry: wired from the function's environment. */
  public CreateChangeSetHandler() {
    this(StepsStackWiring.stackChanges());
  }

  public CreateChangeSetHandler(StackDeployer steps) {
    this.steps = steps;
  }

  @Override
  protected Object run(DeploymentInput input, JsonNode state) {
    return steps.createChangeSet(input);
  }
}
