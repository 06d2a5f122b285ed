package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.StepsLedgerWiring;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.review.ReviewReport;
import java.util.Map;

/**
 * WaitForApproval ({@code lambda:invoke.waitForTaskToken}): records AWAITING_APPROVAL with the
 * review and the task token, which {@code POST /deployments/{id}/approve} or {@code /reject}
 * completes. The payload is the deployment input plus {@code review}, {@code taskToken} and
 * {@code timeoutSeconds} (the state's TimeoutSeconds: the lock is kept that long).
 */
public final class WaitForApprovalHandler extends StepHandler {
  private final DeploymentLedger steps;

  /** Lambda entry: wired from the function's environment. */
  public WaitForApprovalHandler() {
    this(StepsLedgerWiring.ledger());
  }

  public WaitForApprovalHandler(DeploymentLedger steps) {
    this.steps = steps;
  }

  @Override
  protected Object run(DeploymentInput input, JsonNode state) {
    JsonNode token = state.path("taskToken");
    steps.awaitApproval(
        input,
        read(state, "review", ReviewReport.class),
        token.isTextual() ? token.textValue() : null,
        state.path("timeoutSeconds").asInt(86_400));
    return Map.of("recorded", true);
  }
}
