package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#FORBIDDEN} as a function failure; see {@link FunctionFailure}. */
public final class FORBIDDEN extends FunctionFailure {
  FORBIDDEN(String message) {
    super(ErrorCode.FORBIDDEN, message);
  }
}
