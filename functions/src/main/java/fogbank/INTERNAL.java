package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#INTERNAL} as a function failure; see {@link FunctionFailure}. */
public final class INTERNAL extends FunctionFailure {
  INTERNAL(String message) {
    super(ErrorCode.INTERNAL, message);
  }
}
