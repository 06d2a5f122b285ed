package dev.fogbank.statemachines.asl;

/**
 * A refused SendTaskSuccess, SendTaskFailure or SendTaskHeartbeat, named as Step Functions names
 * the refusal so that a caller handles the local engine and AWS alike.
 */
public final class TaskTokenException extends RuntimeException {

  /** Step Functions' error codes for a token it will not take. */
  public enum Reason {
    /** The string is not a task token at all. */
    INVALID_TOKEN("InvalidToken"),
    /** No task was ever issued this token (or the runtime that issued it forgot it). */
    TASK_DOES_NOT_EXIST("TaskDoesNotExist"),
    /** The task's token expired or the task was already closed (succeeded, failed, timed out). */
    TASK_TIMED_OUT("TaskTimedOut"),
    /** SendTaskSuccess's output is not JSON, or SendTaskFailure's error or cause is too long. */
    INVALID_OUTPUT("InvalidOutput");

    private final String awsCode;

    Reason(String awsCode) {
      this.awsCode = awsCode;
    }

    /** The error code AWS answers with, e.g. {@code TaskTimedOut}. */
    public String awsCode() {
      return awsCode;
    }
  }

  private final Reason reason;

  TaskTokenException(Reason reason, String message) {
    super(reason.awsCode() + ": " + message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
