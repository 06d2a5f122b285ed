package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#COST_DATA_UNAVAILABLE} as a function failure; see {@link FunctionFailure}. */
public final class COST_DATA_UNAVAILABLE extends FunctionFailure {
  COST_DATA_UNAVAILABLE(String message) {
    super(ErrorCode.COST_DATA_UNAVAILABLE, message);
  }
}
