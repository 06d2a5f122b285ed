package dev.fogbank.shared.wait;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls until an answer is final or a deadline passes. Short waits first, because most of what
 * fogbank waits for (a change set, a stack without resources) ends within a second; then doubling
 * up to a cap, so that a long operation costs few calls.
 */
public final class Waiter {

  private static final List<Duration> FIRST_DELAYS =
      List.of(
          Duration.ZERO,
          Duration.ofMillis(100),
          Duration.ofMillis(250),
          Duration.ofMillis(500),
          Duration.ofSeconds(1));

  private final Duration cap;
  private final Pause pause;
  private final Clock clock;

  private Waiter(Duration cap, Pause pause, Clock clock) {
    this.cap = Objects.requireNonNull(cap, "cap");
    this.pause = Objects.requireNonNull(pause, "pause");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Real time, waiting at most {@code cap} between two polls. */
  public static Waiter of(Duration cap) {
    return of(cap, Pause.SYSTEM, Clock.systemUTC());
  }

  /** As above over the given pause and clock (a test's, which advances the clock when paused). */
  public static Waiter of(Duration cap, Pause pause, Clock clock) {
    return new Waiter(cap, pause, clock);
  }

  /** The same pause and clock with another cap. */
  public Waiter withCap(Duration newCap) {
    return new Waiter(newCap, pause, clock);
  }

  /**
   * Calls {@code poll} (at once, then after each delay) until {@code done} accepts its answer, and
   * returns that answer. Once {@code timeout} has passed, the next answer not done goes to {@code
   * timedOut}, whose exception is thrown.
   *
   * @param what what is waited for, for the message when the thread is interrupted
   */
  public <T> T until(
      String what,
      Duration timeout,
      Supplier<T> poll,
      Predicate<? super T> done,
      Function<? super T, ? extends RuntimeException> timedOut) {
    Instant deadline = clock.instant().plus(timeout);
    for (int attempt = 0; ; attempt++) {
      Duration remaining = Duration.between(clock.instant(), deadline);
      sleep(min(delay(attempt), remaining), what);
      T answer = poll.get();
      if (done.test(answer)) {
        return answer;
      }
      if (!clock.instant().isBefore(deadline)) {
        throw timedOut.apply(answer);
      }
    }
  }

  /** 0, 100 ms, 250 ms, 500 ms, 1 s, then doubling, never more than the cap. */
  Duration delay(int attempt) {
    Duration delay;
    if (attempt < FIRST_DELAYS.size()) {
      delay = FIRST_DELAYS.get(attempt);
    } else {
      int doublings = Math.min(attempt - FIRST_DELAYS.size() + 1, 10);
      delay = FIRST_DELAYS.getLast().multipliedBy(1L << doublings);
    }
    return min(delay, cap);
  }

  private void sleep(Duration delay, String what) {
    if (delay.isZero()) {
      return;
    }
    try {
      pause.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeploymentException(
          ErrorCode.INTERRUPTED, "interrupted while waiting for " + what, e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    Duration atLeastZero = b.isNegative() ? Duration.ZERO : b;
    return a.compareTo(atLeastZero) <= 0 ? a : atLeastZero;
  }
}
