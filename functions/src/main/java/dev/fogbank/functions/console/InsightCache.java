package dev.fogbank.functions.console;

import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.cost.StackMonthCost;
import dev.fogbank.shared.drift.DriftRecords;
import dev.fogbank.shared.drift.DriftReport;
import dev.fogbank.shared.stack.StackRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The stacks page's drift and cost columns, kept for {@link #TTL}. Both change only when a scan
 * records (drift scans run on a schedule, cost scans daily), while the page is polled every 2 s by
 * everyone who has it open: re-reading them on every poll cost more than the rest of the page. A
 * scan's result therefore shows on the stacks page within a minute; the stack page reads its own
 * records fresh. Deployments, statuses and locks are never cached.
 */
final class InsightCache {
  static final Duration TTL = Duration.ofSeconds(60);

  /** Entries kept at most (a page shows 100 stacks; a table of 10,000 stacks fits). */
  static final int MAX_STACKS = 10_000;

  private record Kept<T>(T value, Instant at) {}

  private final Supplier<DriftRecords> drift;
  private final Supplier<CostReports> costs;
  private final Clock clock;
  private final Map<String, Kept<Optional<DriftReport>>> driftByStack = new ConcurrentHashMap<>();
  private volatile Kept<Map<String, StackMonthCost>> monthToDate;

  InsightCache(Supplier<DriftRecords> drift, Supplier<CostReports> costs, Clock clock) {
    this.drift = drift;
    this.costs = costs;
    this.clock = clock;
  }

  /** Whether drift records or cost reports are read here at all. */
  boolean wired() {
    return drift != null || costs != null;
  }

  /** Every stack's month-to-date cost by name (empty without cost reports). */
  Map<String, StackMonthCost> monthToDate() {
    if (costs == null) {
      return Map.of();
    }
    Kept<Map<String, StackMonthCost>> kept = monthToDate;
    if (kept == null || expired(kept.at())) {
      Map<String, StackMonthCost> byName =
          costs.get().monthToDate().stream()
              .collect(Collectors.toMap(c -> c.stack().name(), c -> c, (a, b) -> a));
      kept = new Kept<>(byName, clock.instant());
      monthToDate = kept;
    }
    return kept.value();
  }

  /** The stacks' newest drift records; the ones not kept are read at once (one Query each). */
  Map<String, DriftReport> latestDrift(List<StackRef> stacks) {
    if (drift == null) {
      return Map.of();
    }
    Map<StackRef, CompletableFuture<Optional<DriftReport>>> reads = new java.util.HashMap<>();
    for (StackRef stack : stacks) {
      Kept<Optional<DriftReport>> kept = driftByStack.get(stack.name());
      reads.put(
          stack,
          kept != null && !expired(kept.at())
              ? CompletableFuture.completedFuture(kept.value())
              : ConsoleReads.start(() -> drift.get().history(stack, 1).stream().findFirst()));
    }
    if (driftByStack.size() > MAX_STACKS) {
      driftByStack.clear();
    }
    Instant now = clock.instant();
    Map<String, DriftReport> found = new java.util.HashMap<>();
    reads.forEach(
        (stack, read) -> {
          Optional<DriftReport> report = ConsoleReads.join(read);
          driftByStack.put(stack.name(), new Kept<>(report, now));
          report.ifPresent(r -> found.put(stack.name(), r));
        });
    return found;
  }

  /** The stack page's read, not kept: the stack's newest drift record (null without records). */
  DriftReport freshDrift(StackRef stack) {
    return drift == null ? null : drift.get().history(stack, 1).stream().findFirst().orElse(null);
  }

  /** The stack page's read, not kept: the 30 days through the last complete one (null: no costs). */
  dev.fogbank.shared.cost.StackCostReport freshCosts(String stackName) {
    if (costs == null) {
      return null;
    }
    java.time.LocalDate through = costs.get().lastCompleteDay();
    return costs.get().stack(stackName, through.minusDays(CHART_DAYS - 1), through);
  }

  /** Days in the stack page's cost chart. */
  static final int CHART_DAYS = 30;

  private boolean expired(Instant at) {
    return clock.instant().isAfter(at.plus(TTL));
  }
}
