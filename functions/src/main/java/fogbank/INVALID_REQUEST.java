package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#INVALID_REQUEST} as a function failure; see {@link FunctionFailure}. */
public final class INVALID_REQUEST extends FunctionFailure {
  INVALID_REQUEST(String message) {
    super(ErrorCode.INVALID_REQUEST, message);
  }
}
