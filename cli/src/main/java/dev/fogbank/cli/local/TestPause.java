package dev.fogbank.cli.local;

/**
 * A test-only hook that makes crash tests deterministic: started with {@code
 * -Dfogbank.test.pauseAt=<point>}, the local runtime prints {@code fogbank-test-paused <point>}
 * on stderr when it reaches that point and stops there, for the test to SIGKILL it at exactly that
 * moment. Points: {@code start} (an execution's thread, before its first state), {@code
 * before:<State>} and {@code after:<State>} (around a Task's function), {@code drop:uploaded}
 * (after the drop watcher saved one file's state). Without the property it does nothing.
 */
final class TestPause {
  static final String PROPERTY = "fogbank.test.pauseAt";
  static final String MARKER = "fogbank-test-paused ";

  private TestPause() {}

  static void at(String point) {
    if (!point.equals(System.getProperty(PROPERTY))) {
      return;
    }
    System.err.println(MARKER + point);
    System.err.flush();
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
