package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#WEBHOOK_SECRET_MISSING} as a function failure; see {@link FunctionFailure}. */
public final class WEBHOOK_SECRET_MISSING extends FunctionFailure {
  WEBHOOK_SECRET_MISSING(String message) {
    super(ErrorCode.WEBHOOK_SECRET_MISSING, message);
  }
}
