package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#CHANGE_SET_BLOCKED} as a function failure; see {@link FunctionFailure}. */
public final class CHANGE_SET_BLOCKED extends FunctionFailure {
  CHANGE_SET_BLOCKED(String message) {
    super(ErrorCode.CHANGE_SET_BLOCKED, message);
  }
}
