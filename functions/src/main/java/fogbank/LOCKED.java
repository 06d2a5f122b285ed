package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#LOCKED} as a function failure; see {@link FunctionFailure}. */
public final class LOCKED extends FunctionFailure {
  LOCKED(String message) {
    super(ErrorCode.LOCKED, message);
  }
}
