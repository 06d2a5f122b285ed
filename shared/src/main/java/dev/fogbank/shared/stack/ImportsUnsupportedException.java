package dev.fogbank.shared.stack;

import dev.fogbank.shared.error.AwsUnavailableException;

/**
 * The AWS endpoint does not implement CloudFormation ListImports: it answered HTTP 501, or 5xx
 * without an AWS error document (moto 5.2 answers an HTML error page). CloudFormation itself
 * answers 5xx with an error document (InternalFailure), which stays an outage.
 */
public final class ImportsUnsupportedException extends AwsUnavailableException {
  public ImportsUnsupportedException(String exportName, int httpStatus) {
    super(
        "CloudFormation ListImports of export '" + exportName + "': the AWS endpoint answered HTTP "
            + httpStatus + " without an AWS error; it has no ListImports (a local emulator such"
            + " as moto)");
  }
}
