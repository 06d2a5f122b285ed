package dev.fogbank.shared.drift;

import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.metrics.Metric;
import dev.fogbank.shared.metrics.Metrics;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.stack.StackRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The steps of the drift scan state machine ({@code statemachines/drift-scan.asl.json}): begin
 * (take the no-overlap lease, list the stacks), per stack detect and check (the machine's Wait
 * states do the waiting between checks), a failed stack's report, and finish (one summary).
 *
 * <p>Each stack's DRIFT record is compared with the stack's previous conclusive one: people hear
 * when a stack newly drifts or matches its template again, not on every scan while it stays so.
 */
public final class DriftScanSteps {
  private final ManagedStacks stacks;
  private final DriftDetector detector;
  private final DriftRecords records;
  private final DriftScans scans;
  private final Notifier notifier;
  private final Clock clock;
  private final DriftScanLimits limits;
  private final DriftScanScope scope;
  private final String account;
  private final String region;

  public DriftScanSteps(
      String account,
      String region,
      ManagedStacks stacks,
      DriftDetector detector,
      DriftRecords records,
      DriftScans scans,
      Notifier notifier,
      Clock clock,
      DriftScanLimits limits) {
    this.account = Objects.requireNonNull(account, "account");
    this.region = Objects.requireNonNull(region, "region");
    this.stacks = Objects.requireNonNull(stacks, "stacks");
    this.detector = Objects.requireNonNull(detector, "detector");
    this.records = Objects.requireNonNull(records, "records");
    this.scans = Objects.requireNonNull(scans, "scans");
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.scope = DriftScanScope.all();
  }

  private DriftScanSteps(DriftScanSteps steps, DriftScanScope scope) {
    this.account = steps.account;
    this.region = steps.region;
    this.stacks = steps.stacks;
    this.detector = steps.detector;
    this.records = steps.records;
    this.scans = steps.scans;
    this.notifier = steps.notifier;
    this.clock = steps.clock;
    this.limits = steps.limits;
    this.scope = Objects.requireNonNull(scope, "scope");
  }

  /**
   * These steps detecting, in a scan of every stack, only the managed stacks {@code scope}
   * matches (stacks named in the request are detected as asked).
   */
  public DriftScanSteps withScope(DriftScanScope scope) {
    return new DriftScanSteps(this, scope);
  }

  /**
   * The scan's start, or its next page: the stacks of page {@code page} to detect, how many at
   * once, and whether more pages follow; or skipped, when another scan holds the lease.
   */
  public record Begun(
      String scanId,
      boolean skipped,
      String reason,
      List<String> stacks,
      int concurrency,
      int page,
      boolean more) {}

  /**
   * Where one stack's detection stands: waiting ({@code done} false: wait {@code waitSeconds}, then
   * check) or done with its {@code outcome}.
   */
  public record StackProgress(
      String scanId,
      String stack,
      String detectionId,
      String startedAt,
      int waitSeconds,
      boolean done,
      String outcome) {}

  /** Begins scan {@code scanId} over {@code requested} stacks (empty: every managed stack). */
  public Begun begin(String scanId, String trigger, List<String> requested) {
    List<String> names = stacksToScan(requested);
    Instant now = clock.instant();
    DriftScanRecord scan = DriftScanRecord.running(scanId, trigger, now, names.size());
    Optional<String> running = scans.begin(scan, limits.lease());
    if (running.isPresent()) {
      String reason = "drift scan '" + running.get() + "' was running";
      scans.record(
          new DriftScanRecord(
              scanId,
              DriftScanRecord.Status.SKIPPED,
              trigger,
              now,
              now,
              0,
              0,
              Map.of(),
              List.of(),
              reason));
      StructuredLog.warn("drift_scan_skipped", Map.of("scanId", scanId, "reason", reason));
      return new Begun(scanId, true, reason, List.of(), limits.concurrency(), 0, false);
    }
    List<List<String>> pages = new java.util.ArrayList<>();
    for (int i = 0; i < names.size(); i += DriftScanLimits.STACKS_PER_PAGE) {
      pages.add(names.subList(i, Math.min(names.size(), i + DriftScanLimits.STACKS_PER_PAGE)));
    }
    scans.recordPages(scanId, pages, requested == null || requested.isEmpty());
    StructuredLog.info(
        "drift_scan_started",
        Map.of("scanId", scanId, "stacks", names.size(), "pages", pages.size(), "trigger", trigger));
    return new Begun(
        scanId,
        false,
        null,
        pages.isEmpty() ? List.of() : pages.getFirst(),
        limits.concurrency(),
        0,
        pages.size() > 1);
  }

  /** Page {@code page} of the scan's stacks, as {@link #begin} recorded them. */
  public Begun page(String scanId, int page) {
    List<String> names = scans.page(scanId, page);
    boolean more = !names.isEmpty() && !scans.page(scanId, page + 1).isEmpty();
    return new Begun(scanId, false, null, names, limits.concurrency(), page, more);
  }

  private List<String> stacksToScan(List<String> requested) {
    if (requested == null || requested.isEmpty()) {
      // The scope picks before the limit counts: the stacks it leaves out take no place.
      return stacks.list(limits.maxStacks(), scope::matches).stream()
          .map(StackRef::name)
          .toList();
    }
    List<String> managed = stacks.list(limits.maxStacks()).stream().map(StackRef::name).toList();
    Set<String> known = Set.copyOf(managed);
    Set<String> picked = new LinkedHashSet<>();
    for (String name : requested) {
      if (known.contains(name)) {
        picked.add(name);
      }
    }
    return List.copyOf(picked);
  }

  /**
   * Starts the stack's detection. A stack gone from CloudFormation, or an endpoint without the
   * drift API, is done at once; a detection already running and throttling escape as their
   * errors, which the state machine retries.
   */
  public StackProgress detect(String scanId, String stack) {
    StackRef ref = StackRef.of(account, region, stack);
    String detectionId;
    try {
      detectionId = detector.start(stack);
    } catch (StackGoneException e) {
      scans.stackDone(scanId, stack, DriftScanRecord.GONE, null);
      log("drift_scan_stack_gone", scanId, stack, Map.of());
      return done(scanId, stack, null, DriftScanRecord.GONE);
    } catch (DriftUnsupportedException e) {
      records.record(
          new DriftReport(
              ref, clock.instant(), DriftStatus.DRIFT_UNSUPPORTED, 0, List.of(), null,
              e.getMessage(), false));
      scans.stackDone(scanId, stack, DriftStatus.DRIFT_UNSUPPORTED.name(), null);
      return done(scanId, stack, null, DriftStatus.DRIFT_UNSUPPORTED.name());
    }
    return new StackProgress(
        scanId,
        stack,
        detectionId,
        clock.instant().toString(),
        (int) limits.firstPoll().toSeconds(),
        false,
        null);
  }

  /** Polls the detection once: waits longer (doubling) while it runs, concludes when it ends. */
  public StackProgress check(StackProgress progress) {
    DriftDetection detection = detector.status(progress.detectionId());
    if (detection.state() == DriftDetection.State.IN_PROGRESS) {
      Duration running =
          Duration.between(Instant.parse(progress.startedAt()), clock.instant());
      if (running.compareTo(limits.maxDetection()) < 0) {
        int next =
            (int) Math.min(limits.maxPoll().toSeconds(), Math.max(1, progress.waitSeconds() * 2L));
        return new StackProgress(
            progress.scanId(), progress.stack(), progress.detectionId(), progress.startedAt(),
            next, false, null);
      }
      return conclude(progress, null);
    }
    return conclude(progress, detection);
  }

  /** Reports a stack whose steps failed after their retries; the scan goes on. */
  public StackProgress failed(String scanId, String stack, String code, String message) {
    DriftScanRecord.StackFailure failure =
        new DriftScanRecord.StackFailure(stack, code, message == null ? "" : message);
    scans.stackDone(scanId, stack, DriftScanRecord.FAILED, failure);
    log("drift_scan_stack_failed", scanId, stack, Map.of("code", String.valueOf(code)));
    Metrics.current().count(Metric.SCAN_FAILURES, "drift", Metrics.about(null, stack));
    return done(scanId, stack, null, DriftScanRecord.FAILED);
  }

  /** Ends the scan: releases the lease and sends the one summary. */
  public DriftScanRecord finish(String scanId) {
    DriftScanRecord scan = scans.finish(scanId, clock.instant());
    notifier.tryNotify(DriftEvents.summary(account, region, scan, clock));
    Metrics.current()
        .time(Metric.SCAN_DURATION, "drift", Metrics.elapsed(scan.startedAt(), scan.finishedAt()),
            Map.of("scanId", scanId));
    StructuredLog.info(
        "drift_scan_done",
        Map.of("scanId", scanId, "total", scan.total(), "outcomes", scan.outcomes()));
    return scan;
  }

  private StackProgress conclude(StackProgress progress, DriftDetection detection) {
    StackRef stack = StackRef.of(account, region, progress.stack());
    DriftStatus status;
    String reason;
    if (detection == null) {
      status = DriftStatus.UNKNOWN;
      reason = "drift detection was still running after " + limits.maxDetection().toMinutes()
          + " minutes";
    } else {
      // A FAILED detection could not check some resources; a drift it did find is still real.
      status =
          detection.state() == DriftDetection.State.FAILED
                  && detection.stackDrift() != DriftStatus.DRIFTED
              ? DriftStatus.UNKNOWN
              : detection.stackDrift();
      reason = detection.reason();
    }
    List<ResourceDrift> drifts =
        status == DriftStatus.DRIFTED
            ? detector.driftedResources(stack.name(), DriftReport.MAX_EXCERPT)
            : List.of();
    int count =
        status != DriftStatus.DRIFTED
            ? 0
            : Math.max(drifts.size(), detection == null ? 0 : detection.driftedCount());
    Optional<DriftReport> previous = records.latestConclusive(stack);
    boolean alreadyAlerted =
        previous.isPresent()
            && previous.get().status() == DriftStatus.DRIFTED
            && previous.get().alerted();
    boolean notified = false;
    String stackId = detection == null ? null : detection.stackId();
    if (status == DriftStatus.DRIFTED && !alreadyAlerted) {
      notified =
          notifier.tryNotify(
              DriftEvents.detected(stack, stackId, progress.detectionId(), count, drifts, clock));
    } else if (status == DriftStatus.IN_SYNC
        && previous.isPresent()
        && previous.get().status() == DriftStatus.DRIFTED) {
      notified =
          notifier.tryNotify(
              DriftEvents.resolved(stack, stackId, progress.detectionId(), previous.get(), clock));
    }
    records.record(
        new DriftReport(
            stack,
            clock.instant(),
            status,
            count,
            drifts,
            progress.detectionId(),
            reason,
            status == DriftStatus.DRIFTED && (alreadyAlerted || notified)));
    scans.stackDone(progress.scanId(), stack.name(), status.name(), null);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("status", status.name());
    fields.put("drifted", count);
    fields.put("detectionId", progress.detectionId());
    fields.put("notified", notified);
    log("drift_scan_stack_done", progress.scanId(), stack.name(), fields);
    return done(progress.scanId(), stack.name(), progress.detectionId(), status.name());
  }

  private static StackProgress done(
      String scanId, String stack, String detectionId, String outcome) {
    return new StackProgress(scanId, stack, detectionId, null, 0, true, outcome);
  }

  private static void log(String event, String scanId, String stack, Map<String, Object> extra) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("scanId", scanId);
    fields.put("stack", stack);
    fields.putAll(extra);
    StructuredLog.info(event, fields);
  }
}
