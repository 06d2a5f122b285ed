package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#CHANGE_SET_FAILED} as a function failure; see {@link FunctionFailure}. */
public final class CHANGE_SET_FAILED extends FunctionFailure {
  CHANGE_SET_FAILED(String message) {
    super(ErrorCode.CHANGE_SET_FAILED, message);
  }
}
