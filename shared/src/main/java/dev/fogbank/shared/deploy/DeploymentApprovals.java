package dev.fogbank.shared.deploy;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.error.NotFoundException;
import dev.fogbank.shared.execution.DeploymentResumer;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.json.Json;
import java.time.Clock;

/**
 * A person's approve or reject of a deployment waiting in WaitForApproval: the decision is recorded
 * (who, when, why), then the waiting task is resumed through its task token: SendTaskSuccess to
 * execute the change set, SendTaskFailure {@code fogbank.CANCELLED} to delete it and end CANCELLED.
 * Anything not waiting (unknown, running, ended, already decided) resumes nothing.
 */
public final class DeploymentApprovals {
  private static final int MAX_REASON = 1000;

  private final DeploymentHistory history;
  private final DeploymentResumer resumer;
  private final Clock clock;

  public DeploymentApprovals(DeploymentHistory history, DeploymentResumer resumer, Clock clock) {
    this.history = history;
    this.resumer = resumer;
    this.clock = clock;
  }

  public DeploymentRecord approve(String deploymentId, String by, String reason) {
    String token = waitingToken(deploymentId);
    decide(deploymentId, ApprovalDecision.APPROVED, by, reason);
    String output =
        Json.mapper()
            .createObjectNode()
            .put("decision", ApprovalDecision.APPROVED)
            .put("by", who(by))
            .toString();
    if (!resumer.resume(token, output)) {
      throw ended(deploymentId);
    }
    return current(deploymentId);
  }

  public DeploymentRecord reject(String deploymentId, String by, String reason) {
    if (reason == null || reason.isBlank()) {
      throw new InvalidRequestException("a reject needs a reason: {\"reason\": \"...\"}");
    }
    String token = waitingToken(deploymentId);
    decide(deploymentId, ApprovalDecision.REJECTED, by, reason);
    if (!resumer.fail(
        token, ErrorCode.CANCELLED.errorName(), "rejected by " + who(by) + ": " + cut(reason))) {
      throw ended(deploymentId);
    }
    return current(deploymentId);
  }

  private String waitingToken(String deploymentId) {
    DeploymentRecord record = current(deploymentId);
    if (record.status() != DeploymentStatus.AWAITING_APPROVAL || record.approvalToken() == null) {
      throw notWaiting(record);
    }
    return record.approvalToken();
  }

  /**
   * The decision moves the record on from AWAITING_APPROVAL in one conditional write, so of two
   * decisions at once (an approve and a reject, two Slack presses) exactly one is recorded; the
   * other is a 409 and resumes nothing.
   */
  private void decide(String deploymentId, String decision, String by, String reason) {
    StatusChange change =
        StatusChange.running(clock.instant())
            .withApproval(
                new ApprovalDecision(
                    decision,
                    who(by),
                    clock.instant(),
                    reason == null || reason.isBlank() ? null : cut(reason)));
    if (history
        .transitionIf(deploymentId, DeploymentStatus.AWAITING_APPROVAL, change)
        .isEmpty()) {
      throw notWaiting(current(deploymentId));
    }
  }

  private static DeploymentException notWaiting(DeploymentRecord record) {
    return new DeploymentException(
        ErrorCode.NOT_AWAITING_APPROVAL,
        "deployment "
            + record.deploymentId()
            + " is "
            + record.status()
            + (record.approval() == null
                ? ""
                : " (" + record.approval().decision() + " by " + record.approval().by() + ")")
            + ", not waiting for approval");
  }

  private DeploymentRecord current(String deploymentId) {
    return history
        .get(deploymentId)
        .orElseThrow(() -> new NotFoundException("no deployment with id '" + deploymentId + "'"));
  }

  private static DeploymentException ended(String deploymentId) {
    return new DeploymentException(
        ErrorCode.NOT_AWAITING_APPROVAL,
        "deployment " + deploymentId + ": its wait for approval already ended (timed out)");
  }

  private static String who(String by) {
    return by == null || by.isBlank() ? "unknown" : by;
  }

  private static String cut(String text) {
    return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
  }
}
