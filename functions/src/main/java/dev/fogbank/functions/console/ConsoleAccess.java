package dev.fogbank.functions.console;

/**
 * What a caller may do on a stack. The console hides the buttons a caller may not use and refuses
 * the forged POST (403) with the same answer.
 */
@FunctionalInterface
public interface ConsoleAccess {
  /** The actions, as the API's authorization names them. */
  enum Action {
    READ,
    DEPLOY,
    APPROVE,
    UNLOCK,
    ADMIN
  }

  boolean allows(String caller, Action action, String stackName);

  /** Every logged-in caller may do everything (no authorization policy configured). */
  static ConsoleAccess everything() {
    return (caller, action, stack) -> true;
  }
}
