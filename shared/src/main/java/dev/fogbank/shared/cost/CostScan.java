package dev.fogbank.shared.cost;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.metrics.Metric;
import dev.fogbank.shared.metrics.Metrics;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.stack.StackRef;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The cost scan: one grouped, paged Cost Explorer query (never one per stack) for the days it
 * needs, one {@code COST#<day>} record per stack and day, each stack's month to date, and the
 * anomalies of the last {@code days} complete UTC days, each kept once and alerted once.
 *
 * <p>Re-running overwrites the same days, so a schedule that fires twice, or a day Cost Explorer
 * revises later, ends with its latest figure; an anomaly already kept is not alerted again.
 *
 * <p>Costs without the stack-name tag (not from a stack) are not recorded; their total is logged.
 * When nothing at all carries the tag, the tag is most likely not activated: the result says so,
 * with how to activate it.
 */
public final class CostScan {
  /** Cost Explorer keeps 13 months (14 with multi-year data); a year is plenty for a daily scan. */
  public static final int MAX_DAYS = 365;

  public static final int DEFAULT_DAYS = 7;

  /** Week-over-week needs the last two weeks. */
  static final int WEEKS_DAYS = 14;

  static final String TAG_NOT_ACTIVE =
      "Cost Explorer reports costs but none grouped by the aws:cloudformation:stack-name tag: the"
          + " tag is most likely not activated. Activate it in the Billing console (Cost"
          + " allocation tags, AWS-generated cost allocation tags, aws:cloudformation:stack-name,"
          + " Activate) or with 'aws ce update-cost-allocation-tags-status --cost-allocation-tags-"
          + "status TagKey=aws:cloudformation:stack-name,Status=Active'; costs are grouped by it"
          + " from then on (up to 24 hours later), not for earlier days.";

  private final CostSource source;
  private final CostLedger ledger;
  private final String account;
  private final String region;
  private final Clock clock;
  private final CostAnomalyRule rule;
  private final Notifier notifier;

  public CostScan(
      CostSource source, CostLedger ledger, String account, String region, Clock clock) {
    this(source, ledger, account, region, clock, CostAnomalyRule.defaults(), event -> {});
  }

  public CostScan(
      CostSource source,
      CostLedger ledger,
      String account,
      String region,
      Clock clock,
      CostAnomalyRule rule,
      Notifier notifier) {
    this.source = Objects.requireNonNull(source, "source");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.account = Objects.requireNonNull(account, "account");
    this.region = Objects.requireNonNull(region, "region");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.rule = Objects.requireNonNull(rule, "rule");
    this.notifier = Objects.requireNonNull(notifier, "notifier");
  }

  /** As {@link #run(String, int)} under a new id. */
  public CostScanResult run(int days) {
    return run(newScanId(clock), days);
  }

  /** A scan id: {@code cs-}, the UTC second it was made, 12 random hex digits (sorts by time). */
  public static final String SCAN_ID_PATTERN = "cs-[0-9]{8}T[0-9]{6}-[0-9a-f]{12}";

  private static final java.time.format.DateTimeFormatter ID_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  /** A new scan id; ids made later sort after ids made earlier (to the second). */
  public static String newScanId(Clock clock) {
    byte[] random = new byte[6];
    new java.security.SecureRandom().nextBytes(random);
    return "cs-" + ID_TIME.format(clock.instant()) + "-" + java.util.HexFormat.of().formatHex(random);
  }

  static void checkDays(int days) {
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException(
          "days must be between 1 and " + MAX_DAYS + ", not " + days);
    }
  }

  /**
   * Scans the {@code days} complete days before today (UTC) for anomalies, and keeps what it did
   * (or how it failed) under {@code scanId}. A failure is kept, then thrown on.
   */
  public CostScanResult run(String scanId, int days) {
    checkDays(days);
    java.time.Instant started = clock.instant();
    // Kept RUNNING while it runs: a process killed mid-scan leaves a record its restart can find.
    ledger.recordScan(
        account,
        region,
        new CostScanRecord(
            scanId, started, null, days, CostScanRecord.RUNNING, null, null, null));
    CostScanResult result;
    try {
      result = scan(scanId, days);
    } catch (RuntimeException e) {
      // Third-party messages stay out of the record: only our own errors say what went wrong.
      boolean ours = e instanceof DeploymentException;
      ledger.recordScan(
          account,
          region,
          new CostScanRecord(
              scanId, started, clock.instant(), days, CostScanRecord.FAILED, null,
              ours ? ((DeploymentException) e).code().name() : ErrorCode.INTERNAL.name(),
              ours ? e.getMessage() : "internal error"));
      Metrics.current().count(Metric.SCAN_FAILURES, "cost", Map.of("scanId", scanId));
      throw e;
    }
    ledger.recordScan(
        account,
        region,
        new CostScanRecord(
            scanId, started, clock.instant(), days, CostScanRecord.SUCCEEDED, result, null, null));
    Metrics.current()
        .time(Metric.SCAN_DURATION, "cost", Metrics.elapsed(started, clock.instant()),
            Map.of("scanId", scanId));
    return result;
  }

  private CostScanResult scan(String scanId, int days) {
    // Today is not complete: Cost Explorer's figure for it still grows.
    LocalDate end = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    LocalDate judged = end.minusDays(days);
    LocalDate lastDay = end.minusDays(1);
    LocalDate monthStart = lastDay.withDayOfMonth(1);
    LocalDate start =
        min(min(judged.minusDays(rule.trailingDays()), end.minusDays(WEEKS_DAYS)), monthStart);
    DailyCosts costs = source.dailyCostsByStack(start, end);

    Map<String, TreeMap<LocalDate, BigDecimal>> byStack = new TreeMap<>();
    Map<String, String> units = new TreeMap<>();
    List<StackDayCost> records = new ArrayList<>();
    for (DailyCosts.Entry entry : costs.byStack()) {
      StackRef stack = StackRef.of(account, region, entry.stackName());
      records.add(new StackDayCost(stack, entry.day(), entry.amount(), entry.unit()));
      byStack
          .computeIfAbsent(entry.stackName(), k -> new TreeMap<>())
          .merge(entry.day(), entry.amount(), BigDecimal::add);
      units.putIfAbsent(entry.stackName(), entry.unit());
    }
    ledger.recordAll(records);

    List<StackMonthCost> monthToDate = new ArrayList<>();
    List<CostAnomaly> anomalies = new ArrayList<>();
    int fresh = 0;
    for (var stackDays : byStack.entrySet()) {
      StackRef stack = StackRef.of(account, region, stackDays.getKey());
      String unit = units.get(stackDays.getKey());
      TreeMap<LocalDate, BigDecimal> daily = stackDays.getValue();
      BigDecimal month =
          daily.subMap(monthStart, true, lastDay, true).values().stream()
              .reduce(BigDecimal.ZERO, BigDecimal::add);
      monthToDate.add(new StackMonthCost(stack, YearMonth.from(lastDay), lastDay, month, unit));
      for (var day : daily.subMap(judged, true, lastDay, true).entrySet()) {
        List<BigDecimal> trailing =
            List.copyOf(
                daily.subMap(day.getKey().minusDays(rule.trailingDays()), day.getKey()).values());
        var anomaly = rule.check(stack, day.getKey(), day.getValue(), trailing, unit);
        if (anomaly.isPresent()) {
          anomalies.add(anomaly.get());
          if (ledger.markAnomaly(anomaly.get())) {
            fresh++;
            notifier.notify(
                DeploymentEvent.costAnomaly(
                    stack.name(), account, region, clock.instant(), anomaly.get().reason()));
          }
        }
      }
    }
    ledger.recordMonthToDate(monthToDate);
    Map<String, Integer> anomaliesByStack = new TreeMap<>();
    anomalies.forEach(a -> anomaliesByStack.merge(a.stack().name(), 1, Integer::sum));
    ledger.recordScanStacks(scanId, monthToDate, anomaliesByStack);

    Map<String, BigDecimal> untagged = new TreeMap<>();
    for (DailyCosts.Entry entry : costs.untagged()) {
      untagged.merge(entry.unit(), entry.amount(), BigDecimal::add);
    }
    String notice = byStack.isEmpty() && !untagged.isEmpty() ? TAG_NOT_ACTIVE : "";
    if (!untagged.isEmpty()) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("start", start.toString());
      fields.put("end", end.toString());
      fields.put("total", untaggedText(untagged));
      if (!notice.isEmpty()) {
        fields.put("notice", notice);
      }
      StructuredLog.info("cost_scan_untagged", fields);
    }
    if (!notice.isEmpty() && !notice.equals(previousNotice(scanId))) {
      // Said once when a scan first finds it, not on every daily scan while it lasts.
      notifier.notify(
          DeploymentEvent.costTagInactive(account, region, clock.instant(), scanId, notice));
    }
    return new CostScanResult(
        start,
        end,
        records.size(),
        List.copyOf(byStack.keySet()),
        untagged,
        costs.requests(),
        anomalies,
        fresh,
        notice);
  }

  /** The notice of the newest scan kept before this one that succeeded; "" for none. */
  private String previousNotice(String scanId) {
    return ledger.scans(account, region, null, 10).scans().stream()
        .filter(s -> !s.scanId().equals(scanId))
        .filter(s -> CostScanRecord.SUCCEEDED.equals(s.status()) && s.result() != null)
        .map(s -> s.result().notice())
        .findFirst()
        .orElse("");
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }

  private static Map<String, String> untaggedText(Map<String, BigDecimal> totals) {
    Map<String, String> text = new TreeMap<>();
    totals.forEach((unit, amount) -> text.put(unit, amount.toPlainString()));
    return text;
  }
}
