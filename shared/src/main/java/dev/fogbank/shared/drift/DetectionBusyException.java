package dev.fogbank.shared.drift;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;

/**
 * CloudFormation runs one drift detection per stack at a time and refuses a second one
 * (ValidationError "... drift detection is already in progress ..."): the scan waits and asks again
 * (the state machine retries {@code fogbank.STACK_BUSY}).
 */
public final class DetectionBusyException extends DeploymentException {
  public DetectionBusyException(String stackName) {
    super(
        ErrorCode.STACK_BUSY,
        "drift detection of stack '" + stackName + "' is already in progress; waiting for it");
  }
}
