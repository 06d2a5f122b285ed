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
 * lock was taken, endedAt/changeSummary/error when it ended; stackProtection when the change set
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

  /** A record without the stack's protection (not executed, or recorded before it was kept). */
  public DeploymentRecord(
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
      ChangeSummary changeSummary,
      DeploymentError error,
      ValidationReport validation,
      ReviewReport review,
      ApprovalDecision approval,
      String approvalToken,
      String requestSha256) {
    this(
        deploymentId, stack, source, requester, templateSha256, templateLocation, parameters,
        tags, status, requestedAt, startedAt, endedAt, changeSummary, error, validation, review,
        approval, approvalToken, requestSha256, null);
  }

  /** A record without a request fingerprint: not submitted with an {@code Idempotency-Key}. */
  public DeploymentRecord(
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
      ChangeSummary changeSummary,
      DeploymentError error,
      ValidationReport validation,
      ReviewReport review,
      ApprovalDecision approval,
      String approvalToken) {
    this(
        deploymentId, stack, source, requester, templateSha256, templateLocation, parameters,
        tags, status, requestedAt, startedAt, endedAt, changeSummary, error, validation, review,
        approval, approvalToken, null);
  }

  /**
   * A record without review or approval ({@code review}: the change review; {@code approval}: a
   * person's decision; {@code approvalToken}: the task token WaitForApproval waits on, never
   * shown).
   */
  public DeploymentRecord(
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
      ChangeSummary changeSummary,
      DeploymentError error,
      ValidationReport validation) {
    this(
        deploymentId, stack, source, requester, templateSha256, templateLocation, parameters,
        tags, status, requestedAt, startedAt, endedAt, changeSummary, error, validation, null,
        null, null);
  }

  /** A record without validation findings (ended before validation, or written before it). */
  public DeploymentRecord(
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
      ChangeSummary changeSummary,
      DeploymentError error) {
    this(
        deploymentId, stack, source, requester, templateSha256, templateLocation, parameters,
        tags, status, requestedAt, startedAt, endedAt, changeSummary, error, null, null, null,
        null);
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
        tags, DeploymentStatus.QUEUED, requestedAt, null, null, null, null);
  }

  /**
   * This record carrying {@code requestSha256}: the SHA-256 of the API request body sent with an
   * {@code Idempotency-Key}, so a replay of the key with another body is recognised.
   */
  public DeploymentRecord withRequestSha256(String requestSha256) {
    return new DeploymentRecord(
        deploymentId, stack, source, requester, templateSha256, templateLocation, parameters,
        tags, status, requestedAt, startedAt, endedAt, changeSummary, error, validation, review,
        approval, approvalToken, requestSha256, stackProtection);
  }

}
