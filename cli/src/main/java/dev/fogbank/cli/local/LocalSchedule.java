package dev.fogbank.cli.local;

import dev.fogbank.shared.log.StructuredLog;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * An EventBridge schedule in local mode: runs {@code task} whenever the same expression as the
 * control-plane stack's schedule fires, on one virtual thread. Drift scans ({@code
 * FOGBANK_DRIFT_SCHEDULE}, default the stack's {@code DriftScanSchedule}: a scan still running
 * when it fires again is recorded SKIPPED by the scan itself) and cost scans ({@code
 * FOGBANK_COST_SCHEDULE}, default the stack's {@code CostScanSchedule}) each have one; {@code
 * off} disables it.
 */
final class LocalSchedule implements AutoCloseable {
  static final String DRIFT_VARIABLE = "FOGBANK_DRIFT_SCHEDULE";
  static final String COST_VARIABLE = "FOGBANK_COST_SCHEDULE";

  private final Thread thread;

  private LocalSchedule(String name, ScheduleExpression schedule, Runnable task, Clock clock) {
    thread =
        Thread.ofVirtual()
            .name("fogbank-" + name + "-schedule")
            .start(() -> loop(name, schedule, task, clock));
  }

  /**
   * Starts the {@code name} schedule (e.g. "drift") from the environment variable's value, or
   * {@code fallback} when it is unset; null when it is {@code off}.
   */
  static LocalSchedule start(
      String name, String variableValue, String fallback, Runnable task, Clock clock) {
    String expression =
        variableValue == null || variableValue.isBlank() ? fallback : variableValue.trim();
    if ("off".equalsIgnoreCase(expression)) {
      return null;
    }
    ScheduleExpression schedule = ScheduleExpression.parse(expression);
    StructuredLog.info(name + "_schedule", Map.of("expression", expression));
    return new LocalSchedule(name, schedule, task, clock);
  }

  private static void loop(String name, ScheduleExpression schedule, Runnable task, Clock clock) {
    while (!Thread.currentThread().isInterrupted()) {
      ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
      ZonedDateTime next = schedule.next(now);
      try {
        Thread.sleep(Duration.between(now, next).toMillis());
      } catch (InterruptedException e) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        StructuredLog.warn(
            name + "_schedule_start_failed", Map.of("type", e.getClass().getName()));
      }
    }
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
