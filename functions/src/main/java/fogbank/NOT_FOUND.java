package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#NOT_FOUND} as a function failure; see {@link FunctionFailure}. */
public final class NOT_FOUND extends FunctionFailure {
  NOT_FOUND(String message) {
    super(ErrorCode.NOT_FOUND, message);
  }
}
