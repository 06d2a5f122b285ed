package dev.fogbank.shared.aws;

import dev.fogbank.shared.error.AwsUnavailableException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns an SDK failure that survived the SDK's retries into fogbank's error, with a message a
 * person can act on. The SDK's own message (request ids, class names) is kept only as the cause.
 */
public final class AwsFailures {

  private AwsFailures() {}

  /**
   * An {@link AwsUnavailableException} saying {@code call} failed and why, e.g. "CloudFormation
   * CreateChangeSet for stack 'web' failed: service unavailable (HTTP 500) after 8 attempts".
   *
   * @param call the service, operation and subject, e.g. "S3 PutObject for bucket 'b'"
   */
  public static AwsUnavailableException unavailable(String call, SdkException e) {
    return new AwsUnavailableException(call + " failed: " + describe(e), e);
  }

  /** Why the call failed, in a few words; no third-party message except AWS's own for 4xx. */
  public static String describe(SdkException e) {
    StringBuilder reason = new StringBuilder();
    if (e instanceof AwsServiceException service) {
      String status = "HTTP " + service.statusCode() + codeSuffix(service);
      if (service.isThrottlingException()) {
        reason.append("throttled by AWS (").append(status).append(')');
      } else if (service.statusCode() >= 500 || service.statusCode() == 0) {
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
