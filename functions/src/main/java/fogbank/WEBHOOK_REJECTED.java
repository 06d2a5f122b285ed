package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#WEBHOOK_REJECTED} as a function failure; see {@link FunctionFailure}. */
public final class WEBHOOK_REJECTED extends FunctionFailure {
  WEBHOOK_REJECTED(String message) {
    super(ErrorCode.WEBHOOK_REJECTED, message);
  }
}
