package dev.fogbank.shared.error;

public class NotFoundException extends DeploymentException {
  public NotFoundException(String message) {
    super(ErrorCode.NOT_FOUND, message);
  }

  public NotFoundException(String message, Throwable cause) {
    super(ErrorCode.NOT_FOUND, message, cause);
  }
}
