package dev.fogbank.functions.events;

import dev.fogbank.shared.error.ErrorCode;

/**
 * How the stack-events function fails an invocation. Lambda reports the class name as the error and
 * the message ({@code "[CODE] message"}) as errorMessage; no stack trace is captured, so none
 * reaches the logs or the caller. For EventBridge's asynchronous invocation, a failure is retried
 * by Lambda and then goes to the function's on-failure destination, if one is set.
 */
public class StackEventFailedException extends RuntimeException {
  private final ErrorCode code;

  public StackEventFailedException(ErrorCode code, String message) {
    super("[" + code.name() + "] " + message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
