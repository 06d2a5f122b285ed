package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#WEBHOOK_NOT_FOUND} as a function failure; see {@link FunctionFailure}. */
public final class WEBHOOK_NOT_FOUND extends FunctionFailure {
  WEBHOOK_NOT_FOUND(String message) {
    super(ErrorCode.WEBHOOK_NOT_FOUND, message);
  }
}
