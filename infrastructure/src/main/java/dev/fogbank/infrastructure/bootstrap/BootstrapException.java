package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;

/**
 * Bootstrap cannot go on. The message names what is wrong and where (a file, a parameter, a stack
 * and its status) and, where there is one, what to do about it.
 */
public class BootstrapException extends DeploymentException {

  public BootstrapException(ErrorCode code, String message) {
    super(code, message);
  }

  public BootstrapException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** Input that cannot work (a missing jar, a parameter mismatch): found before any upload. */
  static BootstrapException invalidInput(String message) {
    return new BootstrapException(ErrorCode.INVALID_REQUEST, message);
  }
}
