package dev.fogbank.functions.scans;

import dev.fogbank.shared.error.ErrorCode;

/**
 * How a scan function fails an invocation. Lambda reports the class name as the error and the
 * message ({@code "[CODE] message"}) as errorMessage; no stack trace is captured. EventBridge
 * Scheduler/rules invoke asynchronously, so Lambda retries a failed scan; a scan is safe to repeat.
 */
public class ScanFailedException extends RuntimeException {
  private final ErrorCode code;

  public ScanFailedException(ErrorCode code, String message) {
    super("[" + code.name() + "] " + message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
