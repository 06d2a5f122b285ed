package dev.fogbank.shared.error;

public class StackLockedException extends DeploymentException {
  public StackLockedException(String message) {
    super(ErrorCode.LOCKED, message);
  }

  public StackLockedException(String message, Throwable cause) {
    super(ErrorCode.LOCKED, message, cause);
  }
}
