package dev.fogbank.shared.aws;

import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns an SDK failure that survived the SDK's retries into fogbank's error, with a message a
 * person can act on. The SDK's own message (request ids, class names) is kept only as the cause.
 *
 * <p>The one rule for what is an outage: no answer, a 5xx or throttling is {@code AWS_UNAVAILABLE},
 * which the state machines retry; any other 4xx is AWS refusing the call, which the same call will
 * meet again, so it is recorded at once with a code saying what failed and AWS's own message.
 *
 * <p>Which code a refusal gets is the caller's decision. A refusal of a call on the control plane's
 * own resources (its table, artifacts bucket, state machine, topic, secret, Cost Explorer access)
 * is {@code INTERNAL}: its setup is wrong (a permission, a missing resource, a malformed request),
 * no requester can fix that and no retry will.
 */
public final class AwsFailures {

  /**
   * 4xx codes that are not refusals: AWS asks the caller to try again. The SDK's standard retry
   * strategy retries them too (throttling codes it recognises on its own, see {@link
   * AwsServiceException#isThrottlingException()}).
   */
  private static final Set<String> TRANSIENT_CLIENT_CODES =
      Set.of(
          "RequestTimeout",
          "RequestTimeoutException",
          "PriorRequestNotComplete",
          // DynamoDB: the request met another transaction on the same items, or a transaction was
          // cancelled for that or for throughput. A cancellation by a condition is an expected
          // outcome its caller handles before it gets here.
          "TransactionConflictException",
          "TransactionCanceledException");

  private AwsFailures() {}

  /**
   * The failure of {@code call}: {@code AWS_UNAVAILABLE} when retrying may help ({@link
   * #isTransient}), otherwise {@code refused} — e.g. CHANGE_SET_FAILED for a change-set operation
   * CloudFormation refuses — with AWS's own explanation: "CloudFormation ExecuteChangeSet for stack
   * 'web' failed: rejected by AWS (HTTP 400 ValidationError): ...".
   *
   * @param call the service, operation and subject, e.g. "S3 PutObject for bucket 'b'"
   */
  public static DeploymentException failure(String call, SdkException e, ErrorCode refused) {
    Objects.requireNonNull(refused, "refused");
    String message = call + " failed: " + describe(e);
    if (isTransient(e)) {
      return new AwsUnavailableException(message, e);
    }
    return new DeploymentException(refused, message, e);
  }

  /**
   * Whether the same call may succeed later: no answer (network error, timeout), HTTP 5xx,
   * throttling (Throttling, ThrottlingException, TooManyRequestsException, RequestLimitExceeded,
   * HTTP 429, ...) or a request timeout. Any other 4xx is a refusal.
   */
  public static boolean isTransient(SdkException e) {
    if (!(e instanceof AwsServiceException service)) {
      return true;
    }
    return service.statusCode() >= 500
        || service.statusCode() == 0
        || service.isThrottlingException()
        || TRANSIENT_CLIENT_CODES.contains(errorCode(service));
  }

  /** Why the call failed, in a few words; no third-party message except AWS's own for 4xx. */
  public static String describe(SdkException e) {
    StringBuilder reason = new StringBuilder();
    if (e instanceof AwsServiceException service) {
      String status = "HTTP " + service.statusCode() + codeSuffix(service);
      if (service.isThrottlingException()) {
        reason.append("throttled by AWS (").append(status).append(')');
      } else if (isTransient(service)) {
        reason.append("service unavailable (").append(status).append(')');
      } else {
        // A 4xx that is not throttling is AWS refusing the call (permissions, quotas, a missing
        // resource); its own message says which, and nobody can act without it.
        reason.append("rejected by AWS (").append(status).append(')');
        String message = errorMessage(service);
        if (!message.isEmpty()) {
          reason.append(": ").append(message);
        }
      }
    } else {
      reason.append("no answer from the service (network error or timeout)");
    }
    Integer attempts = e.numAttempts();
    if (attempts != null && attempts > 1) {
      reason.append(" after ").append(attempts).append(" attempts");
    }
    return reason.toString();
  }

  /**
   * An endpoint without the called API: HTTP 501, or a 5xx that carries no AWS error code (moto
   * answers an unimplemented action, such as DetectStackDrift or ListImports, with an HTML error
   * page). AWS's own 5xx carry an error document (InternalFailure), which is an outage.
   */
  public static boolean isNotImplemented(AwsServiceException e) {
    String code = errorCode(e);
    return e.statusCode() == 501
        || (e.statusCode() >= 500 && (code.isBlank() || code.matches("\\d+.*")));
  }

  /** AWS's error code (e.g. "ValidationError"), or "" when the response carried none. */
  public static String errorCode(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details == null ? null : details.errorCode();
    return code == null ? "" : code;
  }

  /** AWS's own explanation, without the SDK's request-id decoration; "" when there is none. */
  public static String errorMessage(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    String message = details == null ? null : details.errorMessage();
    return message == null ? "" : message.strip();
  }

  private static String codeSuffix(AwsServiceException e) {
    String code = errorCode(e);
    return code.isEmpty() ? "" : " " + code;
  }
}
