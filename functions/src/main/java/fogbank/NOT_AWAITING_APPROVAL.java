package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#NOT_AWAITING_APPROVAL} as a function failure; see {@link FunctionFailure}. */
public final class NOT_AWAITING_APPROVAL extends FunctionFailure {
  NOT_AWAITING_APPROVAL(String message) {
    super(ErrorCode.NOT_AWAITING_APPROVAL, message);
  }
}
