package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#UNAUTHORIZED} as a function failure; see {@link FunctionFailure}. */
public final class UNAUTHORIZED extends FunctionFailure {
  UNAUTHORIZED(String message) {
    super(ErrorCode.UNAUTHORIZED, message);
  }
}
