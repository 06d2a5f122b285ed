package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#INVALID_NEXT_TOKEN} as a function failure; see {@link FunctionFailure}. */
public final class INVALID_NEXT_TOKEN extends FunctionFailure {
  INVALID_NEXT_TOKEN(String message) {
    super(ErrorCode.INVALID_NEXT_TOKEN, message);
  }
}
