package dev.fogbank.statemachines.asl;

import dev.fogbank.shared.wait.FakeTime;
import dev.fogbank.shared.wait.Pause;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link FakeTime} that runs scheduled actions (a callback, a heartbeat) when simulated time
 * reaches them: a pause ends at the first due action, so the waiting task sees what it did.
 */
public final class ScriptedTime extends Clock implements Pause {
  private final FakeTime time = FakeTime.create();
  private final TreeMap<Instant, List<Runnable>> script = new TreeMap<>();

  /** Runs {@code action} once {@code after} has passed from now. */
  public synchronized void at(Duration after, Runnable action) {
    script.computeIfAbsent(time.instant().plus(after), k -> new ArrayList<>()).add(action);
  }

  /** Simulated time passed since the start. */
  public Duration elapsed() {
    return Duration.between(FakeTime.create().instant(), time.instant());
  }

  @Override
  public void sleep(Duration duration) {
    Instant until = time.instant().plus(duration);
    Map.Entry<Instant, List<Runnable>> due;
    synchronized (this) {
      due = script.isEmpty() || script.firstKey().isAfter(until) ? null : script.pollFirstEntry();
    }
    if (due == null) {
      time.sleep(duration);
      return;
    }
    time.sleep(Duration.between(time.instant(), due.getKey()));
    due.getValue().forEach(Runnable::run);
  }

  @Override
  public Instant instant() {
    return time.instant();
  }

  @Override
  public ZoneId getZone() {
    return time.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("ScriptedTime is UTC");
  }
}
