package dev.fogbank.statemachines.asl;

/**
 * An error raised while running a state machine, carrying the States Language error name and cause
 * that Retry, Catch and the execution result see. Not a public type: callers get an {@link
 * ExecutionResult}.
 */
final class AslFailure extends RuntimeException {

  private final String error;
  private final String cause;
  private final boolean located;

  AslFailure(String error, String cause) {
    this(error, cause, false);
  }

  private AslFailure(String error, String cause, boolean located) {
    // No stack trace: failures are expected control flow (Retry, Catch), not bugs.
    super(error + (cause == null ? "" : ": " + cause), null, false, false);
    this.error = error;
    this.cause = cause;
    this.located = located;
  }

  /** A States.Runtime failure; the running state adds where it happened. */
  static AslFailure runtime(String detail) {
    return new AslFailure(StatesErrors.RUNTIME, detail);
  }

  String error() {
    return error;
  }

  String cause() {
    return cause;
  }

  boolean isRuntime() {
    return StatesErrors.RUNTIME.equals(error);
  }

  /** Prefixes a runtime failure's cause with the state it came from, as AWS words it. */
  AslFailure locatedAt(String stateName, long enteredEventId) {
    if (!isRuntime() || located) {
      return this;
    }
    String where =
        "An error occurred while executing the state '%s' (entered at the event id #%d). "
            .formatted(stateName, enteredEventId);
    return new AslFailure(error, where + cause, true);
  }
}
