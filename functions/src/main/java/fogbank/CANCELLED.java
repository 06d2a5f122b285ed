package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#CANCELLED} as a function failure; see {@link FunctionFailure}. */
public final class CANCELLED extends FunctionFailure {
  CANCELLED(String message) {
    super(ErrorCode.CANCELLED, message);
  }
}
