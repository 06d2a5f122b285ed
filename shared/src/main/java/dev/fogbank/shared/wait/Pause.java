package dev.fogbank.shared.wait;

import java.time.Duration;

/**
 * Sleeps on the calling thread. The one seam between fogbank's waiting and real time, so that tests
 * of polling and of the ASL engine's Wait states record or advance a clock instead of sleeping.
 */
@FunctionalInterface
public interface Pause {

  Pause SYSTEM = Thread::sleep;

  void sleep(Duration duration) throws InterruptedException;
}
