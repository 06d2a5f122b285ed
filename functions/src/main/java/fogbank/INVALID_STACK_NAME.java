package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#INVALID_STACK_NAME} as a function failure; see {@link FunctionFailure}. */
public final class INVALID_STACK_NAME extends FunctionFailure {
  INVALID_STACK_NAME(String message) {
    super(ErrorCode.INVALID_STACK_NAME, message);
  }
}
