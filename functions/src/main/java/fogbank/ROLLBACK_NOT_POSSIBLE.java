package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#ROLLBACK_NOT_POSSIBLE} as a function failure; see {@link FunctionFailure}. */
public final class ROLLBACK_NOT_POSSIBLE extends FunctionFailure {
  ROLLBACK_NOT_POSSIBLE(String message) {
    super(ErrorCode.ROLLBACK_NOT_POSSIBLE, message);
  }
}
