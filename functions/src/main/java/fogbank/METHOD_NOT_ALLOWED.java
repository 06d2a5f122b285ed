package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#METHOD_NOT_ALLOWED} as a function failure; see {@link FunctionFailure}. */
public final class METHOD_NOT_ALLOWED extends FunctionFailure {
  METHOD_NOT_ALLOWED(String message) {
    super(ErrorCode.METHOD_NOT_ALLOWED, message);
  }
}
