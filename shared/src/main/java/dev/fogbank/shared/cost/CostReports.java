package dev.fogbank.shared.cost;

import dev.fogbank.shared.stack.StackRef;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Reads what the cost scans recorded: one stack's series, or every stack's month to date. */
public final class CostReports {
  /** The longest range one request may ask for (a year, leap day included). */
  public static final int MAX_RANGE_DAYS = 366;

  static final int WEEK = 7;

  private final CostLedger ledger;
  private final String account;
  private final String region;
  private final Clock clock;

  public CostReports(CostLedger ledger, String account, String region, Clock clock) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.account = Objects.requireNonNull(account, "account");
    this.region = Objects.requireNonNull(region, "region");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Yesterday, UTC: the last day whose cost is complete. */
  public LocalDate lastCompleteDay() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1);
  }

  /**
   * The stack's costs from {@code from} through {@code to} (inclusive).
   *
   * @throws IllegalArgumentException when {@code from} is after {@code to} or the range is longer
   *     than {@link #MAX_RANGE_DAYS}
   */
  public StackCostReport stack(String stackName, LocalDate from, LocalDate to) {
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
    }
    if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_RANGE_DAYS) {
      throw new IllegalArgumentException(
          "from " + from + " to " + to + " is longer than " + MAX_RANGE_DAYS + " days");
    }
    StackRef stack = StackRef.of(account, region, stackName);
    List<StackDayCost> days = ledger.days(stack, from, to);

    LocalDate through = lastCompleteDay();
    LocalDate monthStart = through.withDayOfMonth(1);
    LocalDate twoWeeks = through.minusDays(2 * WEEK - 1);
    List<StackDayCost> recent =
        ledger.days(stack, monthStart.isBefore(twoWeeks) ? monthStart : twoWeeks, through);
    BigDecimal monthToDate = sum(recent, monthStart, through);
    BigDecimal lastWeek = sum(recent, through.minusDays(WEEK - 1), through);
    BigDecimal previousWeek = sum(recent, twoWeeks, through.minusDays(WEEK));
    int daysLeft = YearMonth.from(through).lengthOfMonth() - through.getDayOfMonth();
    BigDecimal forecast =
        monthToDate.add(
            lastWeek
                .multiply(BigDecimal.valueOf(daysLeft))
                .divide(BigDecimal.valueOf(WEEK), 2, RoundingMode.HALF_UP));
    BigDecimal change =
        previousWeek.signum() == 0
            ? null
            : lastWeek
                .subtract(previousWeek)
                .multiply(BigDecimal.valueOf(100))
                .divide(previousWeek, 1, RoundingMode.HALF_UP);
    String unit =
        days.isEmpty() ? (recent.isEmpty() ? "USD" : recent.getFirst().unit()) : days.getFirst().unit();
    return new StackCostReport(
        stackName,
        from,
        to,
        unit,
        days,
        sum(days, from, to),
        through,
        monthToDate,
        forecast,
        lastWeek,
        previousWeek,
        change,
        ledger.anomalies(stack, from, to));
  }

  /** Every stack's month to date for the month of the last complete day, most expensive first. */
  /** The cost scan kept under {@code scanId} in this account and region; empty for none. */
  /**
   * Keeps that scan {@code scanId} was started ({@code RUNNING}) where another process runs it
   * (the cost-scan function, queued by {@code POST /cost-scans}); its run replaces the record.
   */
  public CostScanRecord started(String scanId, int days) {
    CostScan.checkDays(days);
    CostScanRecord record =
        new CostScanRecord(
            scanId, clock.instant(), null, days, CostScanRecord.RUNNING, null, null, null);
    ledger.recordScan(account, region, record);
    return record;
  }

  /** The scan could not be started: its record says so (FAILED, with the code), not RUNNING. */
  public void notStarted(CostScanRecord started, dev.fogbank.shared.error.DeploymentException e) {
    ledger.recordScan(
        account,
        region,
        new CostScanRecord(
            started.scanId(), started.started(), clock.instant(), started.days(),
            CostScanRecord.FAILED, null, e.code().name(), "not started: " + e.getMessage()));
  }

  /**
   * Every kept scan still RUNNING among the newest {@code newest} is recorded FAILED with code
   * INTERRUPTED and {@code reason}: for a runtime that runs its scans in its one process and
   * starts again after it was killed mid-scan. Returns the scans so recorded.
   */
  public java.util.List<CostScanRecord> interruptRunning(String reason, int newest) {
    java.util.List<CostScanRecord> cut = new java.util.ArrayList<>();
    for (CostScanRecord scan : ledger.scans(account, region, null, newest).scans()) {
      if (CostScanRecord.RUNNING.equals(scan.status())) {
        CostScanRecord failed =
            new CostScanRecord(
                scan.scanId(), scan.started(), clock.instant(), scan.days(),
                CostScanRecord.FAILED, null,
                dev.fogbank.shared.error.ErrorCode.INTERRUPTED.name(), reason);
        ledger.recordScan(account, region, failed);
        cut.add(failed);
      }
    }
    return cut;
  }

  /** Kept scans, newest first, after {@code afterScanId} (null: from the newest). */
  public CostLedger.ScanPage scans(String afterScanId, int limit) {
    return ledger.scans(account, region, afterScanId, limit);
  }

  /** Scan {@code scanId}'s per-stack results, by stack name, after {@code afterStack}. */
  public CostLedger.ScanStackPage scanStacks(String scanId, String afterStack, int limit) {
    return ledger.scanStacks(account, region, scanId, afterStack, limit);
  }

  public java.util.Optional<CostScanRecord> scan(String scanId) {
    return ledger.scan(account, region, scanId);
  }

  /**
   * The month to date of just {@code stacks} (names), by name, from the same items as {@link
   * #monthToDate()}: a page of stacks reads its rows' figures by key, not every stack's.
   */
  public java.util.Map<String, StackMonthCost> monthToDate(List<String> stacks) {
    return ledger.monthToDate(account, region, YearMonth.from(lastCompleteDay()), stacks);
  }

  public List<StackMonthCost> monthToDate() {
    return ledger.monthToDate(account, region, YearMonth.from(lastCompleteDay())).stream()
        .sorted(
            Comparator.comparing(StackMonthCost::amount)
                .reversed()
                .thenComparing(c -> c.stack().name()))
        .toList();
  }

  private static BigDecimal sum(List<StackDayCost> days, LocalDate from, LocalDate to) {
    return days.stream()
        .filter(d -> !d.day().isBefore(from) && !d.day().isAfter(to))
        .map(StackDayCost::amount)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
