package dev.fogbank.shared.notify;

import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.rules.Severity;
import java.time.Instant;

/**
 * Something that happened to a deployment, or to a stack, and that people should hear about.
 *
 * <p>One message type on the topic for every kind, so that the slack function reads them all alike.
 * {@link Kind#STACK_NEEDS_ATTENTION} comes from CloudFormation's own status change events, not from
 * a fogbank deployment: it has no deployment id, source or requester, and carries the stack's
 * status in {@link #stackStatus()} (null for every other kind). {@link Kind#DRIFT_DETECTED} comes
 * from the drift scan and is shaped the same way.
 *
 * <p>{@link #review()} is the deployment's change review as the message shows it (counts and the
 * riskiest changes), taken from the same history record as the rest; null where the deployment had
 * no review (rejected by validation, failed before its change set) and for stack events.
 */
public record DeploymentEvent(
    Kind kind,
    String deploymentId,
    String stackName,
    String account,
    String region,
    String source,
    String requester,
    Instant at,
    Long durationMillis,
    ChangeSummary changeSummary,
    DeploymentError error,
    StackStatus stackStatus,
    ReviewDigest review) {

  public enum Kind {
    STARTED,
    SUCCEEDED,
    NO_CHANGES,
    FAILED,
    /** The Validate step's findings blocked the deployment; its error names the worst of them. */
    REJECTED,
    /** A stack reached a status a person must look at (a failed or stuck rollback, say). */
    STACK_NEEDS_ATTENTION,
    /**
     * A drift scan found a stack's resources changed outside CloudFormation (and it was not drifted
     * at the previous scan). {@link #stackStatus()} has status DRIFTED, the drifted resources as
     * reason, and the drift detection id as event id.
     */
    DRIFT_DETECTED,
    /**
     * A stack the previous conclusive drift scan found DRIFTED is IN_SYNC again. {@link
     * #stackStatus()} has status IN_SYNC and the resources that were drifted as reason.
     */
    DRIFT_RESOLVED,
    /**
     * A drift scan ended: one per scan. {@link #stackName()} is null; {@link #stackStatus()} has
     * status DRIFT_SCAN, the counts and failed stacks as reason, and the scan id as event id.
     */
    DRIFT_SCAN_SUMMARY,
    /**
     * A cost scan found a day a stack cost far more than usual (once per stack and day). {@link
     * #stackStatus()} has status COST_ANOMALY and the finding, with its figures, as reason.
     */
    COST_ANOMALY,
    /**
     * A cost scan found costs but none grouped by the {@code aws:cloudformation:stack-name} cost
     * allocation tag: most likely the tag is not activated. {@link #stackName()} is null; {@link
     * #stackStatus()} has status COST_TAG_INACTIVE, the notice (how to activate it) as reason and
     * the scan id as event id. Sent when a scan first finds it, not again while it lasts.
     */
    COST_TAG_INACTIVE,
    /**
     * AWS Budgets alerted on a budget (a stack's, {@code fogbank-<region>-<stack>}, or another on
     * the topic): its own plain-text message, routed by channel like fogbank's events. {@link
     * #stackName()} is the stack of a fogbank budget (null for another budget); {@link
     * #stackStatus()} has status BUDGET_ALERT, Budgets' message as reason and the budget name as
     * event id.
     */
    BUDGET_ALERT,
    /** The reviewed change set waits for a person: approve or reject it. */
    APPROVAL_REQUESTED,
    /** Rejected by a person or not decided in time; the change set was deleted, nothing ran. */
    CANCELLED
  }

  /**
   * A {@link Kind#STACK_NEEDS_ATTENTION} event: the stack named in {@code status.stackId()} is
   * {@code status.status()} since {@code at}.
   */
  public static DeploymentEvent stackNeedsAttention(
      String stackName, String account, String region, Instant at, StackStatus status) {
    return aboutStack(Kind.STACK_NEEDS_ATTENTION, stackName, account, region, at, status);
  }

  /**
   * A {@link Kind#DRIFT_DETECTED} event: the drift scan found the stack drifted at {@code at};
   * {@code drift.reason()} lists the drifted resources.
   */
  public static DeploymentEvent driftDetected(
      String stackName, String account, String region, Instant at, StackStatus drift) {
    return aboutStack(Kind.DRIFT_DETECTED, stackName, account, region, at, drift);
  }

  /** A {@link Kind#DRIFT_RESOLVED} event: the stack matches its template again. */
  public static DeploymentEvent driftResolved(
      String stackName, String account, String region, Instant at, StackStatus drift) {
    return aboutStack(Kind.DRIFT_RESOLVED, stackName, account, region, at, drift);
  }

  /** A {@link Kind#DRIFT_SCAN_SUMMARY} event: {@code summary.reason()} has the counts. */
  public static DeploymentEvent driftScanSummary(
      String account, String region, Instant at, StackStatus summary) {
    return aboutStack(Kind.DRIFT_SCAN_SUMMARY, null, account, region, at, summary);
  }

  /** A {@link Kind#COST_ANOMALY} event: {@code reason} says which day, how much and why. */
  public static DeploymentEvent costAnomaly(
      String stackName, String account, String region, Instant at, String reason) {
    return aboutStack(
        Kind.COST_ANOMALY,
        stackName,
        account,
        region,
        at,
        new StackStatus(
            null,
            "COST_ANOMALY",
            reason,
            "look at the stack's daily costs: GET /costs?stack=" + stackName,
            null,
            null));
  }

  /** A {@link Kind#COST_TAG_INACTIVE} event from cost scan {@code scanId}. */
  public static DeploymentEvent costTagInactive(
      String account, String region, Instant at, String scanId, String notice) {
    return aboutStack(
        Kind.COST_TAG_INACTIVE,
        null,
        account,
        region,
        at,
        new StackStatus(
            null,
            "COST_TAG_INACTIVE",
            notice,
            "activate the aws:cloudformation:stack-name cost allocation tag (Billing console,"
                + " Cost allocation tags); until then GET /costs has no cost per stack",
            null,
            scanId));
  }

  /** A {@link Kind#BUDGET_ALERT} event: Budgets' {@code message}, read as {@code alert}. */
  public static DeploymentEvent budgetAlert(BudgetNotification alert, String message, Instant at) {
    return aboutStack(
        Kind.BUDGET_ALERT,
        alert.stackName(),
        alert.account(),
        alert.region(),
        at,
        new StackStatus(
            null,
            "BUDGET_ALERT",
            message,
            alert.stackName() == null
                ? "look at the budget in the AWS Budgets console"
                : "look at the stack's daily costs: GET /costs?stack=" + alert.stackName(),
            null,
            alert.budgetName()));
  }

  /** An event about a stack rather than a deployment: no deployment id, source or requester. */
  private static DeploymentEvent aboutStack(
      Kind kind, String stackName, String account, String region, Instant at, StackStatus status) {
    return new DeploymentEvent(
        kind, null, stackName, account, region, null, null, at, null, null, null, status, null);
  }

  /** The same event with the deployment's change review (null for none). */
  public DeploymentEvent withReview(ReviewDigest digest) {
    return new DeploymentEvent(
        kind,
        deploymentId,
        stackName,
        account,
        region,
        source,
        requester,
        at,
        durationMillis,
        changeSummary,
        error,
        stackStatus,
        digest);
  }

  /**
   * How much this happening needs a person, for routing ({@code minSeverity} of a channel) and the
   * topic's {@code severity} attribute: a failure or a stack stuck in a bad state HIGH; a
   * rejection, an approval to give, new drift, a cost anomaly or a budget alert MEDIUM; the rest
   * LOW.
   */
  public Severity severity() {
    return switch (kind) {
      case FAILED, STACK_NEEDS_ATTENTION -> Severity.HIGH;
      case REJECTED,
              APPROVAL_REQUESTED,
              DRIFT_DETECTED,
              COST_ANOMALY,
              COST_TAG_INACTIVE,
              BUDGET_ALERT ->
          Severity.MEDIUM;
      case STARTED, SUCCEEDED, NO_CHANGES, CANCELLED, DRIFT_RESOLVED, DRIFT_SCAN_SUMMARY ->
          Severity.LOW;
    };
  }

  /** Whether this event is about a stack rather than a fogbank deployment. */
  public boolean aboutStack() {
    return kind == Kind.STACK_NEEDS_ATTENTION
        || kind == Kind.DRIFT_DETECTED
        || kind == Kind.DRIFT_RESOLVED
        || kind == Kind.DRIFT_SCAN_SUMMARY
        || kind == Kind.COST_ANOMALY
        || kind == Kind.COST_TAG_INACTIVE
        || kind == Kind.BUDGET_ALERT;
  }

  /**
   * A stack's status as CloudFormation reported it.
   *
   * @param stackId the stack's ARN
   * @param status the CloudFormation stack status, e.g. {@code UPDATE_ROLLBACK_FAILED}
   * @param reason CloudFormation's status reason; may be empty
   * @param nextStep what the person reading this should do about it
   * @param consoleUrl the stack in the CloudFormation console; null where none is known
   * @param eventId the EventBridge event that reported it (for tracing duplicates)
   */
  public record StackStatus(
      String stackId,
      String status,
      String reason,
      String nextStep,
      String consoleUrl,
      String eventId) {}
}
