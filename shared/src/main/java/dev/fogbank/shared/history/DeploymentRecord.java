package dev.fogbank.shared.history;

import dev.fogbank.shared.deploy.ApprovalDecision;
import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.review.ReviewReport;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.deploy.StackProtection;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.validation.ValidationReport;
import java.time.Instant;
import java.util.Map;

/**
 * One deployment in a stack's history. Optional fields are null until known: startedAt when the
 * lock was taken, awaitingApprovalAt when it first waited for approval, endedAt/changeSummary/error
 * when it ended; stackProtection when the change set
 * was executed (the stack policy and termination protection set on the stack).
 */
public record DeploymentRecord(
    String deploymentId,
    StackRef stack,
    DeploymentSource source,
    String requester,
    String templateSha256,
    String templateLocation,
    Map<String, String> parameters,
    Map<String, String> tags,
    DeploymentStatus status,
    Instant requestedAt,
    Instant startedAt,
    Instant endedAt,
    Instant awaitingApprovalAt,
    ChangeSummary changeSummary,
    DeploymentError error,
    ValidationReport validation,
    ReviewReport review,
    ApprovalDecision approval,
    String approvalToken,
    String requestSha256,
    StackProtection stackProtection) {

  public DeploymentRecord {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** A new request, QUEUED. */
  public static DeploymentRecord requested(
      String deploymentId,
      StackRef stack,
      DeploymentSource source,
      String requester,
      String templateSha256,
      String templateLocation,
      Map<String, String> parameters,
      Map<String, String> tags,
      Instant requestedAt) {
    return new DeploymentRecord(
        deploymentId, stack, source, requester, templateSha256, templateLocation, parameters,
        tags, DeploymentStatus.QUEUED, requestedAt, null, null, null, null, null, null, null,
        null, null, null, null);
  }

  /**
   * This record carrying {@code requestSha256}: the SHA-256 of the API request body sent with an
   * {@code Idempotency-Key}, so a replay of the key with another body is recognised.
   */
  public DeploymentRecord withRequestSha256(String requestSha256) {
    return new DeploymentRecord(
        deploymentId, stack, source, requester, templateSha256, templateLocation, parameters,
        tags, status, requestedAt, startedAt, endedAt, awaitingApprovalAt, changeSummary, error,
        validation, review, approval, approvalToken, requestSha256, stackProtection);
  }
}
