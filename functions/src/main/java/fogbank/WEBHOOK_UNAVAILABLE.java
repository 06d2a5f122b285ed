package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#WEBHOOK_UNAVAILABLE} as a function failure; see {@link FunctionFailure}. */
public final class WEBHOOK_UNAVAILABLE extends FunctionFailure {
  WEBHOOK_UNAVAILABLE(String message) {
    super(ErrorCode.WEBHOOK_UNAVAILABLE, message);
  }
}
