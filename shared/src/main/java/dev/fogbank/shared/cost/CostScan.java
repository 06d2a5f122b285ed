package dev.fogbank.shared.cost;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.log.StructuredLog;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The scheduled cost scan: the last {@code days} complete UTC days from Cost Explorer, one {@code
 * COST#<day>} record per stack and day. Re-running overwrites the same days, so a schedule that
 * fires twice, or a day Cost Explorer revises later, ends with its latest figure.
 *
 * <p>Costs without the stack-name tag (not from a stack) are not recorded; their total is logged so
 * that what the scan leaves out is visible.
 */
public final class CostScan {
  /** Cost Explorer keeps 13 months (14 with multi-year data); a year is plenty for a daily scan. */
  public static final int MAX_DAYS = 365;

  public static final int DEFAULT_DAYS = 7;

  private final CostSource source;
  private final CostLedger ledger;
  private final String account;
  private final String region;
  private final Clock clock;

  public CostScan(
      CostSource source, CostLedger ledger, String account, String region, Clock clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.account = Objects.requireNonNull(account, "account");
    this.region = Objects.requireNonNull(region, "region");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Scans the {@code days} complete days before today (UTC). */
  public CostScanResult run(int days) {
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException(
          "days must be between 1 and " + MAX_DAYS + ", not " + days);
    }
    // Today is not complete: Cost Explorer's figure for it still grows.
    LocalDate end = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    LocalDate start = end.minusDays(days);
    DailyCosts costs = source.dailyCostsByStack(start, end);

    int recorded = 0;
    TreeSet<String> stacks = new TreeSet<>();
    for (DailyCosts.Entry entry : costs.byStack()) {
      StackRef stack = StackRef.of(account, region, entry.stackName());
      ledger.record(new StackDayCost(stack, entry.day(), entry.amount(), entry.unit()));
      stacks.add(entry.stackName());
      recorded++;
    }
    Map<String, BigDecimal> untagged = new TreeMap<>();
    for (DailyCosts.Entry entry : costs.untagged()) {
      untagged.merge(entry.unit(), entry.amount(), BigDecimal::add);
    }
    if (!untagged.isEmpty()) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("start", start.toString());
      fields.put("end", end.toString());
      fields.put("total", untaggedText(untagged));
      StructuredLog.info("cost_scan_untagged", fields);
    }
    return new CostScanResult(start, end, recorded, stacks.stream().toList(), untagged);
  }

  private static Map<String, String> untaggedText(Map<String, BigDecimal> totals) {
    Map<String, String> text = new TreeMap<>();
    totals.forEach((unit, amount) -> text.put(unit, amount.toPlainString()));
    return text;
  }
}
