package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#TEMPLATE_URL_NOT_ALLOWED} as a function failure; see {@link FunctionFailure}. */
public final class TEMPLATE_URL_NOT_ALLOWED extends FunctionFailure {
  TEMPLATE_URL_NOT_ALLOWED(String message) {
    super(ErrorCode.TEMPLATE_URL_NOT_ALLOWED, message);
  }
}
