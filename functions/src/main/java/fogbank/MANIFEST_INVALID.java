package fogbank;

import dev.fogbank.shared.error.ErrorCode;

/** {@link ErrorCode#MANIFEST_INVALID} as a function failure; see {@link FunctionFailure}. */
public final class MANIFEST_INVALID extends FunctionFailure {
  MANIFEST_INVALID(String message) {
    super(ErrorCode.MANIFEST_INVALID, message);
  }
}
