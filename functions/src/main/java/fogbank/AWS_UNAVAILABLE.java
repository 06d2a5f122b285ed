package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#AWS_UNAVAILABLE} as a function failure; see {@link FunctionFailure}. */
public final class AWS_UNAVAILABLE extends FunctionFailure {
  AWS_UNAVAILABLE(String message) {
    super(ErrorCode.AWS_UNAVAILABLE, message);
  }
}
