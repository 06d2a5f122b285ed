package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#IDEMPOTENCY_KEY_REUSED} as a function failure; see {@link FunctionFailure}. */
public final class IDEMPOTENCY_KEY_REUSED extends FunctionFailure {
  IDEMPOTENCY_KEY_REUSED(String message) {
    super(ErrorCode.IDEMPOTENCY_KEY_REUSED, message);
  }
}
