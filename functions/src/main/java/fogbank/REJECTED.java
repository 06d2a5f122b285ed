package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#REJECTED} as a function failure; see {@link FunctionFailure}. */
public final class REJECTED extends FunctionFailure {
  REJECTED(String message) {
    super(ErrorCode.REJECTED, message);
  }
}
