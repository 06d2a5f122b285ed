package dev.fogbank.shared.auth;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;

/** An authenticated caller asked for something no grant of theirs covers; nothing was done. */
public final class ForbiddenException extends DeploymentException {
  public ForbiddenException(String message) {
    super(ErrorCode.FORBIDDEN, message);
  }
}
