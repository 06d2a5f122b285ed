package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#COST_ACCESS_DENIED} as a function failure; see {@link FunctionFailure}. */
public final class COST_ACCESS_DENIED extends FunctionFailure {
  COST_ACCESS_DENIED(String message) {
    super(ErrorCode.COST_ACCESS_DENIED, message);
  }
}
