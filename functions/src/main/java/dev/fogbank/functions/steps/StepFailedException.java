package dev.fogbank.functions.steps;

import dev.fogbank.shared.error.ErrorCode;

/**
 * What a step throws for a failure that retrying will not fix. Lambda reports the class name as
 * the error and the message as errorMessage; the message starts with "[CODE] " so RecordFailure
 * can store the fogbank error code.
 */
public class StepFailedException extends RuntimeException {
  private final ErrorCode code;

  public StepFailedException(ErrorCode code, String message) {
    super("[" + code.name() + "] " + message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
