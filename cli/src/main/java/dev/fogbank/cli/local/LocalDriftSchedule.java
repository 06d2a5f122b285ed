package dev.fogbank.cli.local;

import dev.fogbank.shared.drift.DriftReports;
import dev.fogbank.shared.log.StructuredLog;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * EventBridge's drift scan schedule in local mode: starts a scan of every managed stack whenever
 * the same expression (the control-plane stack's {@code DriftScanSchedule} default, or {@code
 * FOGBANK_DRIFT_SCHEDULE}; {@code off} disables it) fires, on one virtual thread. A scan still
 * running when it fires again is recorded SKIPPED by the scan itself.
 */
final class LocalDriftSchedule implements AutoCloseable {
  static final String VARIABLE = "FOGBANK_DRIFT_SCHEDULE";

  private final Thread thread;

  private LocalDriftSchedule(ScheduleExpression schedule, DriftReports reports, Clock clock) {
    thread =
        Thread.ofVirtual()
            .name("fogbank-drift-schedule")
            .start(() -> loop(schedule, reports, clock));
  }

  /** Starts the schedule; null when {@code expression} is {@code off}. */
  static LocalDriftSchedule start(String expression, DriftReports reports, Clock clock) {
    if ("off".equalsIgnoreCase(expression.trim())) {
      return null;
    }
    ScheduleExpression schedule = ScheduleExpression.parse(expression);
    StructuredLog.info("drift_schedule", Map.of("expression", expression));
    return new LocalDriftSchedule(schedule, reports, clock);
  }

  private static void loop(ScheduleExpression schedule, DriftReports reports, Clock clock) {
    while (!Thread.currentThread().isInterrupted()) {
      ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
      ZonedDateTime next = schedule.next(now);
      try {
        Thread.sleep(Duration.between(now, next).toMillis());
      } catch (InterruptedException e) {
        return;
      }
      try {
        reports.start(List.of(), "schedule");
      } catch (RuntimeException e) {
        StructuredLog.warn(
            "drift_schedule_start_failed", Map.of("type", e.getClass().getName()));
      }
    }
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
