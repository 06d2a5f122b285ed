package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.StepsWiring;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.deploy.StepResults.TemplateCheck;
import dev.fogbank.shared.history.DeploymentRecord;

/** RecordFailure: records FAILED with the error that led here (the Catch's $.failure). */
public final class RecordFailureHandler extends StepHandler {
  private final DeploymentLedger steps;

  /** Lambda entry: wired from the function's environment. */
  public RecordFailureHandler() {
    this(StepsWiring.ledger());
  }

  public RecordFailureHandler(DeploymentLedger steps) {
    this.steps = steps;
  }

  @Override
  protected Object run(DeploymentInput input, JsonNode state) {
    DeploymentRecord record =
        steps.recordFailure(
            input,
            FailureReason.from(state.path("failure")),
            read(state, "template", TemplateCheck.class));
    return record.status().name();
  }
}
