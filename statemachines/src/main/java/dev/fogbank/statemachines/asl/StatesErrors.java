package dev.fogbank.statemachines.asl;

import java.util.List;

/** The reserved error names of the States Language and how ErrorEquals matches them. */
final class StatesErrors {

  static final String ALL = "States.ALL";
  static final String RUNTIME = "States.Runtime";
  static final String TIMEOUT = "States.Timeout";
  static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
  static final String TASK_FAILED = "States.TaskFailed";
  static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";

  private StatesErrors() {}

  /**
   * Whether an ErrorEquals list matches an error. States.Runtime is terminal: no retrier or catcher
   * ever matches it, not even States.ALL. States.TaskFailed is a wildcard for every error except
   * the timeouts. States.Timeout also matches States.HeartbeatTimeout: before AWS added the
   * narrower name, a missed heartbeat was caught as States.Timeout, and it still is.
   */
  static boolean matches(List<String> errorEquals, String error) {
    if (RUNTIME.equals(error)) {
      return false;
    }
    boolean timeout = TIMEOUT.equals(error) || HEARTBEAT_TIMEOUT.equals(error);
    for (String name : errorEquals) {
      if (ALL.equals(name)
          || (TASK_FAILED.equals(name) && !timeout)
          || (TIMEOUT.equals(name) && HEARTBEAT_TIMEOUT.equals(error))
          || name.equals(error)) {
        return true;
      }
    }
    return false;
  }
}
