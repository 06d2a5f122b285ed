package dev.fogbank.cli.local;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge schedule expression, for the local scheduler to fire when EventBridge would:
 * {@code rate(5 minutes)} or {@code cron(minutes hours day-of-month month day-of-week year)} in
 * UTC. Supported in cron fields: {@code *}, {@code ?}, numbers, ranges {@code a-b}, lists and
 * steps {@code x/n}; months and weekdays also by name (SUN=1 ... SAT=7). Not supported: {@code L},
 * {@code W} and {@code #} (refused with a clear message).
 */
final class ScheduleExpression {
  private static final Pattern RATE =
      Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
  private static final Pattern CRON = Pattern.compile("cron\\((.+)\\)");
  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  private final Duration rate;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  private ScheduleExpression(Duration rate, String[] fields) {
    this.rate = rate;
    if (fields == null) {
      minutes = hours = daysOfMonth = months = daysOfWeek = null;
      anyDayOfMonth = anyDayOfWeek = true;
      return;
    }
    minutes = field(fields[0], 0, 59, null, "minutes");
    hours = field(fields[1], 0, 23, null, "hours");
    daysOfMonth = field(fields[2], 1, 31, null, "day-of-month");
    months = field(fields[3], 1, 12, MONTHS, "month");
    daysOfWeek = field(fields[4], 1, 7, DAYS, "day-of-week");
    anyDayOfMonth = fields[2].equals("*") || fields[2].equals("?");
    anyDayOfWeek = fields[4].equals("*") || fields[4].equals("?");
  }

  /** @throws IllegalArgumentException naming what is wrong with {@code expression} */
  static ScheduleExpression parse(String expression) {
    String text = expression == null ? "" : expression.trim();
    Matcher rate = RATE.matcher(text);
    if (rate.matches()) {
      long n = Long.parseLong(rate.group(1));
      if (n < 1) {
        throw new IllegalArgumentException("a rate must be at least 1: " + expression);
      }
      ChronoUnit unit =
          rate.group(2).startsWith("minute")
              ? ChronoUnit.MINUTES
              : rate.group(2).startsWith("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
      return new ScheduleExpression(Duration.of(n, unit), null);
    }
    Matcher cron = CRON.matcher(text);
    if (cron.matches()) {
      String[] fields = cron.group(1).trim().split("\\s+");
      if (fields.length != 6) {
        throw new IllegalArgumentException(
            "a cron expression has 6 fields (minutes hours day-of-month month day-of-week year): "
                + expression);
      }
      return new ScheduleExpression(null, fields);
    }
    throw new IllegalArgumentException(
        "not an EventBridge schedule expression (rate(...) or cron(...)): " + expression);
  }

  /** The first time after {@code after} the schedule fires (UTC, whole minutes for cron). */
  ZonedDateTime next(ZonedDateTime after) {
    if (rate != null) {
      return after.plus(rate);
    }
    ZonedDateTime t =
        after.withZoneSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    for (int i = 0; i < 60 * 24 * 366 * 5; i++) {
      if (matches(t)) {
        return t;
      }
      t = !months.get(t.getMonthValue()) || !dayMatches(t)
          ? t.plusDays(1).truncatedTo(ChronoUnit.DAYS)
          : !hours.get(t.getHour()) ? t.plusHours(1).truncatedTo(ChronoUnit.HOURS) : t.plusMinutes(1);
    }
    throw new IllegalStateException("the schedule never fires in the next five years");
  }

  private boolean matches(ZonedDateTime t) {
    return minutes.get(t.getMinute())
        && hours.get(t.getHour())
        && months.get(t.getMonthValue())
        && dayMatches(t);
  }

  private boolean dayMatches(ZonedDateTime t) {
    int weekday = t.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : t.getDayOfWeek().getValue() + 1;
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(weekday);
    if (anyDayOfMonth) {
      return dow;
    }
    if (anyDayOfWeek) {
      return dom;
    }
    return dom && dow;
  }

  private static BitSet field(String text, int min, int max, String[] names, String what) {
    BitSet set = new BitSet(max + 1);
    for (String part : text.split(",")) {
      if (part.matches(".*[LW#].*")) {
        throw new IllegalArgumentException(
            what + " '" + text + "': L, W and # are not supported by the local scheduler");
      }
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(part.substring(slash + 1), 1, max, null, what);
      }
      int from;
      int to;
      if (range.equals("*") || range.equals("?")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", 2);
        from = number(ends[0], min, max, names, what);
        to = number(ends[1], min, max, names, what);
      } else {
        from = number(range, min, max, names, what);
        to = slash >= 0 ? max : from;
      }
      for (int v = from; v <= to; v += step) {
        set.set(v);
      }
    }
    return set;
  }

  private static int number(String text, int min, int max, String[] names, String what) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(text.toUpperCase(Locale.ROOT))) {
          return i + 1;
        }
      }
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        what + " '" + text + "' is not a value from " + min + " to " + max);
  }
}
