package dev.fogbank.shared.history;

import dev.fogbank.shared.deploy.ApprovalDecision;
import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.review.ReviewReport;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.deploy.StackProtection;
import dev.fogbank.shared.validation.ValidationReport;
import java.time.Instant;

/**
 * A step in a deployment's life. {@code RUNNING} sets startedAt; a terminal status sets endedAt.
 * changeSummary and error are kept when non-null; so is {@code protection}, what the
 * ExecuteChangeSet step set on the stack.
 */
public record StatusChange(
    DeploymentStatus status,
    Instant at,
    ChangeSummary changeSummary,
    DeploymentError error,
    ValidationReport validation,
    ReviewReport review,
    ApprovalDecision approval,
    String approvalToken,
    StackProtection protection) {

  public StatusChange(
      DeploymentStatus status,
      Instant at,
      ChangeSummary changeSummary,
      DeploymentError error,
      ValidationReport validation,
      ReviewReport review,
      ApprovalDecision approval,
      String approvalToken) {
    this(status, at, changeSummary, error, validation, review, approval, approvalToken, null);
  }

  public StatusChange(
      DeploymentStatus status,
      Instant at,
      ChangeSummary changeSummary,
      DeploymentError error,
      ValidationReport validation) {
    this(status, at, changeSummary, error, validation, null, null, null);
  }

  public StatusChange(
      DeploymentStatus status, Instant at, ChangeSummary changeSummary, DeploymentError error) {
    this(status, at, changeSummary, error, null);
  }

  /** The same change, also recording what validation found (kept when non-null). */
  public StatusChange withValidation(ValidationReport report) {
    return new StatusChange(
        status, at, changeSummary, error, report, review, approval, approvalToken, protection);
  }

  /** The same change, also recording the change review (kept when non-null). */
  public StatusChange withReview(ReviewReport report) {
    return new StatusChange(
        status, at, changeSummary, error, validation, report, approval, approvalToken, protection);
  }

  /** The same change, also recording a person's decision (kept when non-null). */
  public StatusChange withApproval(ApprovalDecision decision) {
    return new StatusChange(
        status, at, changeSummary, error, validation, review, decision, approvalToken, protection);
  }

  /** The same change, also recording the stack's protection (kept when non-null). */
  public StatusChange withProtection(StackProtection set) {
    return new StatusChange(
        status, at, changeSummary, error, validation, review, approval, approvalToken, set);
  }

  /** AWAITING_APPROVAL, keeping the task token an approve or reject completes. */
  public static StatusChange awaitingApproval(Instant at, ReviewReport review, String token) {
    return new StatusChange(
        DeploymentStatus.AWAITING_APPROVAL, at, null, null, null, review, null, token);
  }

  /** CANCELLED: rejected or not decided in time; nothing ran. */
  public static StatusChange cancelled(Instant at, DeploymentError error) {
    return new StatusChange(DeploymentStatus.CANCELLED, at, ChangeSummary.NONE, error);
  }

  public static StatusChange rejected(Instant at, DeploymentError error, ValidationReport report) {
    return new StatusChange(DeploymentStatus.REJECTED, at, null, error, report);
  }

  public static StatusChange running(Instant at) {
    return new StatusChange(DeploymentStatus.RUNNING, at, null, null);
  }

  public static StatusChange succeeded(Instant at, ChangeSummary summary) {
    return new StatusChange(DeploymentStatus.SUCCEEDED, at, summary, null);
  }

  public static StatusChange noChanges(Instant at) {
    return new StatusChange(DeploymentStatus.NO_CHANGES, at, ChangeSummary.NONE, null);
  }

  public static StatusChange failed(Instant at, DeploymentError error) {
    return new StatusChange(DeploymentStatus.FAILED, at, null, error);
  }
}
