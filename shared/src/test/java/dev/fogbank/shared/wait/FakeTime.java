package dev.fogbank.shared.wait;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock that moves only when paused: tests of waiting run at once and see every pause. Shared
 * through shared's test-jar.
 */
public final class FakeTime extends Clock implements Pause {

  private Instant now;
  private final List<Duration> pauses = new ArrayList<>();

  public FakeTime(Instant start) {
    this.now = start;
  }

  public static FakeTime create() {
    return new FakeTime(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Override
  public synchronized void sleep(Duration duration) {
    pauses.add(duration);
    now = now.plus(duration);
  }

  public synchronized List<Duration> pauses() {
    return List.copyOf(pauses);
  }

  /** A waiter over this clock. */
  public Waiter waiter(Duration cap) {
    return Waiter.of(cap, this, this);
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("FakeTime is UTC");
  }
}
