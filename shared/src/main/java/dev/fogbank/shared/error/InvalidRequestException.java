package dev.fogbank.shared.error;

public class InvalidRequestException extends DeploymentException {
  public InvalidRequestException(String message) {
    super(ErrorCode.INVALID_REQUEST, message);
  }

  public InvalidRequestException(String message, Throwable cause) {
    super(ErrorCode.INVALID_REQUEST, message, cause);
  }
}
