package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#TEMPLATE_TOO_LARGE} as a function failure; see {@link FunctionFailure}. */
public final class TEMPLATE_TOO_LARGE extends FunctionFailure {
  TEMPLATE_TOO_LARGE(String message) {
    super(ErrorCode.TEMPLATE_TOO_LARGE, message);
  }
}
