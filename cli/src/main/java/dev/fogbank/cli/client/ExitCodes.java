package dev.fogbank.cli.client;

/**
 * What the commands that drive the API exit with, so a pipeline can tell a failed deployment
 * from a typo, a missing stack, a busy one, a bad token and a control plane that is down.
 */
public final class ExitCodes {
  /** Done; a deployment followed with --wait ended SUCCEEDED or NO_CHANGES. */
  public static final int OK = 0;

  /** A deployment followed with --wait ended FAILED. */
  public static final int DEPLOYMENT_FAILED = 1;

  /** A scan followed with --wait ended FAILED, or with stacks it could not scan. */
  public static final int SCAN_FAILED = 1;

  /** Wrong options or arguments (picocli's own usage code). */
  public static final int USAGE = 2;

  /** The API refused the request (400, 413, 422, 5xx): its error code and message are printed. */
  public static final int API_ERROR = 3;

  /** 404: no such deployment, stack or route. */
  public static final int NOT_FOUND = 4;

  /** 409: the stack is locked or busy, or the request conflicts with the current state. */
  public static final int CONFLICT = 5;

  /** 401/403: no token, a wrong one, or not allowed; or no AWS credentials to sign with. */
  public static final int AUTH = 6;

  /** The endpoint did not answer (refused, unknown host, timed out). */
  public static final int UNREACHABLE = 7;

  /** --wait gave up after --timeout; the deployment goes on. */
  public static final int WAIT_TIMED_OUT = 8;

  /**
   * A deployment followed with --wait was rejected: REJECTED (its findings block it), or
   * CANCELLED because a person rejected its change set.
   */
  public static final int DEPLOYMENT_REJECTED = 9;

  /**
   * A deployment followed with --wait ended CANCELLED without a rejection: cancelled while queued,
   * or nobody approved or rejected its change set in time.
   */
  public static final int DEPLOYMENT_CANCELLED = 10;

  private ExitCodes() {}

  /** The exit code for an HTTP error status. */
  public static int forStatus(int status) {
    return switch (status) {
      case 401, 403 -> AUTH;
      case 404 -> NOT_FOUND;
      case 409 -> CONFLICT;
      default -> API_ERROR;
    };
  }
}
