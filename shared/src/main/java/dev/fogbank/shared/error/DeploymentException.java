package dev.fogbank.shared.error;

/**
 * Root of fogbank's failures. The message is written for the person who reads history or an API
 * answer: it names the stack, deployment or input concerned and never carries a third-party
 * exception's text verbatim.
 */
public class DeploymentException extends RuntimeException {
  private final ErrorCode code;

  public DeploymentException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public DeploymentException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
