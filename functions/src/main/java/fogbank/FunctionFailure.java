package fogbank;

import dev.fogbank.shared.error.ErrorCode;
import java.util.Objects;

/**
 * How every fogbank function fails an invocation. The Java Lambda runtime reports a thrown
 * exception's fully qualified class name as the error (Step Functions' {@code Error}, matched by
 * {@code Retry}/{@code Catch} {@code ErrorEquals}) and its message as {@code errorMessage} in
 * {@code Cause}. It has no other way to name an error, so each {@link ErrorCode} has its own class
 * in this package, named so that its full name is {@link ErrorCode#errorName()}: {@code
 * fogbank.LOCKED}, {@code fogbank.AWS_UNAVAILABLE}, ...
 *
 * <p>The message is the person-readable reason history keeps, without the code. No stack trace is
 * captured: the Lambda runtime would put it in {@code Cause}, and the function logs the failure
 * itself.
 *
 * <p>Who retries: a state machine, by name ({@code fogbank.AWS_UNAVAILABLE} only); for the
 * asynchronous invocations of EventBridge rules and schedules (stack events, scans), Lambda retries
 * any failure and then sends the event to the function's on-failure destination, if one is set.
 */
public abstract sealed class FunctionFailure extends RuntimeException
    permits INVALID_REQUEST,
        INVALID_STACK_NAME,
        TEMPLATE_INVALID,
        TEMPLATE_TOO_LARGE,
        REJECTED,
        MANIFEST_INVALID,
        UNAUTHORIZED,
        NOT_FOUND,
        METHOD_NOT_ALLOWED,
        LOCKED,
        STACK_BUSY,
        CHANGE_SET_FAILED,
        STACK_FAILED,
        AWS_UNAVAILABLE,
        INTERRUPTED,
        INTERNAL,
        ROLLBACK_NOT_POSSIBLE,
        COST_ACCESS_DENIED,
        COST_DATA_UNAVAILABLE,
        CHANGE_SET_BLOCKED,
        NOT_AWAITING_APPROVAL,
        CANCELLED,
        IDEMPOTENCY_KEY_REUSED,
        FORBIDDEN,
        INVALID_NEXT_TOKEN,
        NOT_CANCELLABLE,
        WEBHOOK_SECRET_MISSING,
        WEBHOOK_NOT_FOUND,
        WEBHOOK_REJECTED,
        WEBHOOK_UNAVAILABLE {

  private final ErrorCode code;

  FunctionFailure(ErrorCode code, String message) {
    // Failing must not fail: a missing reason still leaves the code to record.
    super(message == null || message.isBlank() ? "no reason given" : message, null, false, false);
    this.code = code;
  }

  /** The failure named {@code code.errorName()}, carrying {@code message}. */
  public static FunctionFailure of(ErrorCode code, String message) {
    // Exhaustive: a new ErrorCode without its class here does not compile.
    return switch (Objects.requireNonNull(code, "code")) {
      case INVALID_REQUEST -> new INVALID_REQUEST(message);
      case FORBIDDEN -> new FORBIDDEN(message);
      case INVALID_NEXT_TOKEN -> new INVALID_NEXT_TOKEN(message);
      case NOT_CANCELLABLE -> new NOT_CANCELLABLE(message);
      case WEBHOOK_SECRET_MISSING -> new WEBHOOK_SECRET_MISSING(message);
      case WEBHOOK_NOT_FOUND -> new WEBHOOK_NOT_FOUND(message);
      case WEBHOOK_REJECTED -> new WEBHOOK_REJECTED(message);
      case WEBHOOK_UNAVAILABLE -> new WEBHOOK_UNAVAILABLE(message);
      case INVALID_STACK_NAME -> new INVALID_STACK_NAME(message);
      case TEMPLATE_INVALID -> new TEMPLATE_INVALID(message);
      case TEMPLATE_TOO_LARGE -> new TEMPLATE_TOO_LARGE(message);
      case REJECTED -> new REJECTED(message);
      case MANIFEST_INVALID -> new MANIFEST_INVALID(message);
      case UNAUTHORIZED -> new UNAUTHORIZED(message);
      case NOT_FOUND -> new NOT_FOUND(message);
      case METHOD_NOT_ALLOWED -> new METHOD_NOT_ALLOWED(message);
      case LOCKED -> new LOCKED(message);
      case STACK_BUSY -> new STACK_BUSY(message);
      case CHANGE_SET_FAILED -> new CHANGE_SET_FAILED(message);
      case STACK_FAILED -> new STACK_FAILED(message);
      case AWS_UNAVAILABLE -> new AWS_UNAVAILABLE(message);
      case INTERRUPTED -> new INTERRUPTED(message);
      case INTERNAL -> new INTERNAL(message);
      case ROLLBACK_NOT_POSSIBLE -> new ROLLBACK_NOT_POSSIBLE(message);
      case COST_ACCESS_DENIED -> new COST_ACCESS_DENIED(message);
      case COST_DATA_UNAVAILABLE -> new COST_DATA_UNAVAILABLE(message);
      case CHANGE_SET_BLOCKED -> new CHANGE_SET_BLOCKED(message);
      case NOT_AWAITING_APPROVAL -> new NOT_AWAITING_APPROVAL(message);
      case CANCELLED -> new CANCELLED(message);
      case IDEMPOTENCY_KEY_REUSED -> new IDEMPOTENCY_KEY_REUSED(message);
    };
  }

  public ErrorCode code() {
    return code;
  }
}
