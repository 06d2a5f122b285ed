package dev.fogbank.shared.error;

public class AwsUnavailableException extends DeploymentException {
  public AwsUnavailableException(String message) {
    super(ErrorCode.AWS_UNAVAILABLE, message);
  }

  public AwsUnavailableException(String message, Throwable cause) {
    super(ErrorCode.AWS_UNAVAILABLE, message, cause);
  }
}
