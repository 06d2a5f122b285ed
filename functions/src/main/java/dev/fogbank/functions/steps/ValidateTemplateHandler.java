package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.StepsStackWiring;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.StackDeployer;

/** Validate: the template parses safely and is a deployable CloudFormation template. */
public final class ValidateTemplateHandler extends StepHandler {
  private final StackDeployer steps;

  /** Lambda entry: wired from the function's environment. */
  public ValidateTemplateHandler() {
    this(StepsStackWiring.stackChanges());
  }

  public ValidateTemplateHandler(StackDeployer steps) {
    this.steps = steps;
  }

  @Override
  protected Object run(DeploymentInput input, JsonNode state) {
    return steps.validate(input);
  }
}
