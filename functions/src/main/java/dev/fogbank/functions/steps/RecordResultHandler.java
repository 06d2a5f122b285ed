package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.StepsWiring;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.deploy.StepResults.ChangeSetStep;
import dev.fogbank.shared.deploy.StepResults.TemplateCheck;
import dev.fogbank.shared.history.DeploymentRecord;

/**
 * RecordResult: records SUCCEEDED or NO_CHANGES with the change summary; as RecordRejection (after
 * a Validate step whose findings block, {@code $.template.rejected}), records REJECTED. Either way
 * with what validation found.
 */
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
    TemplateCheck template = read(state, "template", TemplateCheck.class);
    DeploymentRecord record =
        template != null && template.rejected()
            ? steps.recordRejection(input, template)
            : steps.recordResult(input, read(state, "changeSet", ChangeSetStep.class), template);
    return record.status().name();
  }
}
