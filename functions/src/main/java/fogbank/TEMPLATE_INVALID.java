package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#TEMPLATE_INVALID} as a function failure; see {@link FunctionFailure}. */
public final class TEMPLATE_INVALID extends FunctionFailure {
  TEMPLATE_INVALID(String message) {
    super(ErrorCode.TEMPLATE_INVALID, message);
  }
}
