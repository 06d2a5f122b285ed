package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#INTERRUPTED} as a function failure; see {@link FunctionFailure}. */
public final class INTERRUPTED extends FunctionFailure {
  INTERRUPTED(String message) {
    super(ErrorCode.INTERRUPTED, message);
  }
}
