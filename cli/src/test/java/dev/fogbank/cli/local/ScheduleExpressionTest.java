package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {
  private static ZonedDateTime at(String t) {
    return ZonedDateTime.parse(t);
  }

  @Test
  void next_whenDailyDriftDefault_thenFiveOClockUtcTodayOrTomorrow() {
    ScheduleExpression daily = ScheduleExpression.parse("cron(0 5 * * ? *)");

    assertEquals(at("2026-12-07T05:00Z"), daily.next(at("2026-12-07T00:01:10Z")));
    assertEquals(at("2026-12-08T05:00Z"), daily.next(at("2026-12-07T05:00Z")));
  }

  @Test
  void next_whenStepsListsAndWeekdayNames_thenEventBridgeSemantics() {
    assertEquals(
        at("2026-12-07T10:15Z"),
        ScheduleExpression.parse("cron(0/15 10 ? * MON-FRI *)").next(at("2026-12-07T10:01Z")));
    // 2026-12-12 is a Saturday: the next weekday is Monday the 14th.
    assertEquals(
        at("2026-12-14T10:00Z"),
        ScheduleExpression.parse("cron(0/15 10 ? * MON-FRI *)").next(at("2026-12-11T10:50Z")));
    assertEquals(
        at("2027-01-01T00:00Z"),
        ScheduleExpression.parse("cron(0 0 1 JAN ? *)").next(at("2026-12-07T00:00Z")));
    assertEquals(
        at("2026-12-07T06:00Z"), ScheduleExpression.parse("rate(6 hours)").next(at("2026-12-07T00:00Z")));
  }

  @Test
  void parse_whenNotASchedule_thenClearMessage() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("daily"));
    assertTrue(e.getMessage().contains("rate(...) or cron(...)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse("cron(0 5 * *)"));
    assertThrows(
        IllegalArgumentException.class, () -> ScheduleExpression.parse("cron(0 25 * * ? *)"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> ScheduleExpression.parse("cron(0 5 L * ? *)"))
            .getMessage()
            .contains("not supported"));
  }
}
