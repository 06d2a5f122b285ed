package dev.fogbank.statemachines.asl;

import java.time.Duration;

/** Waits on behalf of Wait states and Retry intervals, so tests can record instead of sleep. */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps on the calling thread. */
  Sleeper SYSTEM = Thread::sleep;

  void sleep(Duration duration) throws InterruptedException;
}
