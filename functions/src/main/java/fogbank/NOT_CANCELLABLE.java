package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#NOT_CANCELLABLE} as a function failure; see {@link FunctionFailure}. */
public final class NOT_CANCELLABLE extends FunctionFailure {
  NOT_CANCELLABLE(String message) {
    super(ErrorCode.NOT_CANCELLABLE, message);
  }
}
