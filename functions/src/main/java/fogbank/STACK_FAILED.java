package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#STACK_FAILED} as a function failure; see {@link FunctionFailure}. */
public final class STACK_FAILED extends FunctionFailure {
  STACK_FAILED(String message) {
    super(ErrorCode.STACK_FAILED, message);
  }
}
