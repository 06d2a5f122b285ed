package dev.fogbank.shared.error;

public class StackBusyException extends DeploymentException {
  public StackBusyException(String message) {
    super(ErrorCode.STACK_BUSY, message);
  }

  public StackBusyException(String message, Throwable cause) {
    super(ErrorCode.STACK_BUSY, message, cause);
  }
}
