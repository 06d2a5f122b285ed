package dev.fogbank.shared.error;

/**
 * The one vocabulary of failure reasons. The API puts it in {@code error.code}, the state machine
 * matches it in {@code ErrorEquals} (as {@code fogbank.<CODE>}), and history stores it.
 */
public enum ErrorCode {
  INVALID_REQUEST(400),
  INVALID_STACK_NAME(400),
  TEMPLATE_INVALID(400),
  TEMPLATE_TOO_LARGE(413),
  /** The security rules' findings block the deployment under its validation policy. */
  REJECTED(422),
  MANIFEST_INVALID(400),
  UNAUTHORIZED(401),
  /** An authenticated caller outside their grants (stack patterns × actions); nothing was done. */
  FORBIDDEN(403),
  /** A {@code nextToken} this API did not issue, issued for another listing, or altered. */
  INVALID_NEXT_TOKEN(400),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  LOCKED(409),
  STACK_BUSY(409),
  CHANGE_SET_FAILED(422),
  STACK_FAILED(422),
  AWS_UNAVAILABLE(503),
  INTERRUPTED(500),
  INTERNAL(500),
  /**
   * A rollback that cannot be done: to a deployment of another stack, to one that did not
   * succeed, with no earlier successful deployment, or continue-rollback of a stack not stuck in
   * UPDATE_ROLLBACK_FAILED.
   */
  ROLLBACK_NOT_POSSIBLE(409),
  /** Cost Explorer refuses the control plane's GetCostAndUsage (no ce:GetCostAndUsage). */
  COST_ACCESS_DENIED(403),
  /** Cost Explorer has no data to give: not enabled in the account, or the range not ready. */
  COST_DATA_UNAVAILABLE(503),
  /**
   * The change review found that the change set would fail part-way (an export still imported, a
   * change the stack policy denies): it was deleted before anything ran.
   */
  CHANGE_SET_BLOCKED(422),
  /** An approve or reject for a deployment that is not waiting for one. */
  NOT_AWAITING_APPROVAL(409),
  /** A person rejected the change set, or nobody decided in time; nothing ran. */
  CANCELLED(409),
  /**
   * An {@code Idempotency-Key} already used by the same caller for a request with another body:
   * nothing new is deployed.
   */
  IDEMPOTENCY_KEY_REUSED(409),
  /** A cancel for a deployment that is neither queued nor waiting for approval. */
  NOT_CANCELLABLE(409),
  /**
   * A notification channel's webhook secret is missing, empty, unreadable or not a webhook URL
   * (a revoked or mistyped secret id): the message waits as a dead letter.
   */
  WEBHOOK_SECRET_MISSING(502),
  /** The webhook answered 404 or 410 (revoked, or its channel deleted), even after a re-read. */
  WEBHOOK_NOT_FOUND(502),
  /** The webhook refused the message with another 4xx (e.g. invalid_payload); not retried. */
  WEBHOOK_REJECTED(502),
  /** The webhook answered 429 or 5xx, or could not be reached, on every attempt. */
  WEBHOOK_UNAVAILABLE(503);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The error name a state machine's Retry/Catch matches on: the class name of the failure a
   * function throws for this code ({@code fogbank.FunctionFailure.of(code, message)} in the
   * functions module), which the Java Lambda runtime reports as the error.
   */
  public String errorName() {
    return "fogbank." + name();
  }
}
