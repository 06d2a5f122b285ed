package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.StepsWiring;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.deploy.StepResults.ChangeSetStep;
import dev.fogbank.shared.history.DeploymentRecord;

/** RecordResult: records SUCCEEDED or NO_CHANGES with the change summary. */
public final class RecordResultHandler extends StepHandler {
  private final DeploymentLedger steps;

  /** Lambda entry: wired from the function's environment. */
  public RecordResultHandler() {
    this(StepsWiring.ledger());
  }

  public RecordResultHandler(DeploymentLedger steps) {
    this.steps = steps;
  }

  @Override
  protected Object run(DeploymentInput input, JsonNode state) {
    DeploymentRecord record = steps.recordResult(input, read(state, "changeSet", ChangeSetStep.class));
    return record.status().name();
  }
}
