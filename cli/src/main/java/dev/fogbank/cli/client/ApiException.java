package dev.fogbank.cli.client;

/**
 * The API did not do what was asked: an error answer ({@code status} > 0, with the API's error
 * code and message), or no answer at all ({@code status} 0). Carries the exit code it maps to.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final int exitCode;

  private ApiException(int status, String code, String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
    this.exitCode = exitCode;
  }

  /** An error answer: {@code {"error":{"code","message"}}} or, failing that, just its status. */
  public static ApiException answered(int status, String code, String message) {
    return new ApiException(status, code, message, ExitCodes.forStatus(status), null);
  }

  /** No answer from {@code endpoint}. */
  public static ApiException unreachable(String message, Throwable cause) {
    return new ApiException(0, "UNREACHABLE", message, ExitCodes.UNREACHABLE, cause);
  }

  /**
   * SigV4 signing found no AWS credentials: nothing was sent. An auth failure, as a 401 would be.
   */
  public static ApiException noCredentials(String message) {
    return new ApiException(0, "NO_CREDENTIALS", message, ExitCodes.AUTH, null);
  }

  /** No endpoint or token could be found: a usage problem, not an API one. */
  public static ApiException unconfigured(String message) {
    return new ApiException(0, "NOT_CONFIGURED", message, ExitCodes.USAGE, null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public int exitCode() {
    return exitCode;
  }
}
