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

  /**
   * The runtime stopped while the execution waited for a callback in a top-level Task: the journal
   * keeps it RUNNING with its token, so that {@link AslEngine#resume} can pick it up.
   */
  static ExecutionStopped suspended(String stateName) {
    Thread.currentThread().interrupt();
    return new ExecutionStopped(
        JournaledExecution.SUSPENDED_ERROR,
        "The runtime stopped while state '" + stateName + "' waited for a callback");
  }

  boolean isInterruption() {
    return JournaledExecution.INTERRUPTED_ERROR.equals(error);
  }

  boolean isSuspension() {
    return JournaledExecution.SUSPENDED_ERROR.equals(error);
  }

  String error() {
    return error;
  }

  String cause() {
    return cause;
  }
}
