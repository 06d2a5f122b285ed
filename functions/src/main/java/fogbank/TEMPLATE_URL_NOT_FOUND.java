package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#TEMPLATE_URL_NOT_FOUND} as a function failure; see {@link FunctionFailure}. */
public final class TEMPLATE_URL_NOT_FOUND extends FunctionFailure {
  TEMPLATE_URL_NOT_FOUND(String message) {
    super(ErrorCode.TEMPLATE_URL_NOT_FOUND, message);
  }
}
