package dev.fogbank.statemachines.asl;

/**
 * Ends an execution from outside the States Language's error model (the execution's own
 * TimeoutSeconds, or the engine's thread being interrupted): no Retry or Catch sees it.
 */
final class ExecutionStopped extends RuntimeException {

  private final String error;
  private final String cause;

  ExecutionStopped(String error, String cause) {
    super(error + ": " + cause, null, false, false);
    this.error = error;
    this.cause = cause;
  }

  static ExecutionStopped interrupted() {
    Thread.currentThread().interrupt();
    return new ExecutionStopped(
        JournaledExecution.INTERRUPTED_ERROR, "The execution's thread was interrupted");
  }

  String error() {
    return error;
  }

  String cause() {
    return cause;
  }
}
