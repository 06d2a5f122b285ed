package dev.fogbank.statemachines.asl;

/**
 * A task's own failure, reported with exactly this error name and cause (for example a Lambda error
 * type such as {@code fogbank.AWS_UNAVAILABLE}), so that {@code Retry}
 * and {@code Catch} can match it by name.
 */
public class TaskFailure extends RuntimeException {

  private final String error;
  private final String cause;

  public TaskFailure(String error, String cause) {
    super(error + (cause == null ? "" : ": " + cause));
    this.error = error;
    this.cause = cause;
  }

  public String error() {
    return error;
  }

  public String cause() {
    return cause;
  }
}
