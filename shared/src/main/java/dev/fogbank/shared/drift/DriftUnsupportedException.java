package dev.fogbank.shared.drift;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;

/**
 * The AWS endpoint does not implement CloudFormation's drift API: it answered DetectStackDrift with
 * HTTP 501, or with HTTP 500 and no AWS error document (moto 5.2 answers an HTML error page).
 * CloudFormation itself answers 5xx with an XML error (InternalFailure), which is an outage.
 */
public final class DriftUnsupportedException extends DeploymentException {
  public static final String REASON =
      "the AWS endpoint has no CloudFormation drift detection API (DetectStackDrift answered HTTP"
          + " %d without an AWS error); a local emulator such as moto does not implement it";

  public DriftUnsupportedException(int httpStatus) {
    super(ErrorCode.AWS_UNAVAILABLE, String.format(REASON, httpStatus));
  }
}
