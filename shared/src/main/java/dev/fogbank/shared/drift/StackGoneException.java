package dev.fogbank.shared.drift;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;

/** The stack has history in the control table but no longer exists in CloudFormation. */
public final class StackGoneException extends DeploymentException {
  public StackGoneException(String stackName) {
    super(ErrorCode.NOT_FOUND, "stack '" + stackName + "' does not exist (any more)");
  }
}
