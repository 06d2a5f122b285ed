package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.StepsLedgerWiring;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.deploy.StepResults.TemplateCheck;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.review.ReviewReport;
import java.util.Map;

/**
 * RecordFailure: records FAILED with the error that led here (the Catch's $.failure), and the
 * change review when the deployment got that far ($.review), so that its record and its Slack
 * message say what the failed change set was changing.
 */
public final class RecordFailureHandler extends StepHandler {
  private final DeploymentLedger steps;

  /** Lambda entry: wired from the function's environment. */
  public RecordFailureHandler() {
    this(StepsLedgerWiring.ledger());
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
            read(state, "template", TemplateCheck.class),
            review(state));
    return record.status().name();
  }

  /** The review, or null when unreadable: the failure is recorded either way. */
  private static ReviewReport review(JsonNode state) {
    try {
      return read(state, "review", ReviewReport.class);
    } catch (DeploymentException e) {
      StructuredLog.warn(
          "failure_review_unreadable",
          Map.of("deploymentId", state.path("deploymentId").asText(""), "reason", e.getMessage()));
      return null;
    }
  }
}
