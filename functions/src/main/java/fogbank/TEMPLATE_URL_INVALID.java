package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#TEMPLATE_URL_INVALID} as a function failure; see {@link FunctionFailure}. */
public final class TEMPLATE_URL_INVALID extends FunctionFailure {
  TEMPLATE_URL_INVALID(String message) {
    super(ErrorCode.TEMPLATE_URL_INVALID, message);
  }
}
