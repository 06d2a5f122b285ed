package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.StepsLedgerWiring;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.DeploymentLedger;
import java.util.Map;

/**
 * WaitForStack ({@code lambda:invoke.waitForTaskToken}): keeps the state's task token with the
 * deployment's lock, where the stack-events function finds it when the stack settles. Its result is
 * ignored by Step Functions (the callback's output is the state's result). The payload is the
 * deployment's identity plus {@code taskToken}.
 */
public final class WaitForStackHandler extends StepHandler {
  private final DeploymentLedger steps;

  /** Lambda entry: wired from the function's environment. */
  public WaitForStackHandler() {
    this(StepsLedgerWiring.ledger());
  }

  public WaitForStackHandler(DeploymentLedger steps) {
    this.steps = steps;
  }

  @Override
  protected Object run(DeploymentInput input, JsonNode state) {
    JsonNode token = state.path("taskToken");
    return Map.of(
        "recorded", steps.recordStackWait(input, token.isTextual() ? token.textValue() : null));
  }
}
