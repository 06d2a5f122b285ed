package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#STACK_BUSY} as a function failure; see {@link FunctionFailure}. */
public final class STACK_BUSY extends FunctionFailure {
  STACK_BUSY(String message) {
    super(ErrorCode.STACK_BUSY, message);
  }
}
