package dev.fogbank.shared.drift;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The scheduled drift scan: for every managed stack, start CloudFormation's drift detection, wait
 * for it (bounded), record a {@code DRIFT#<at>} item, and tell people when a stack has newly
 * drifted — once, not on every scan while it stays drifted.
 *
 * <p>A few stacks are detected at a time; each stops waiting at the scan's deadline (recorded
 * UNKNOWN), and a stack not started by then is left for the next scan. A stack that no longer
 * exists is skipped, and a failure on one stack is logged and does not stop the others.
 */
public final class DriftScan {
  /** Time kept back from the deadline to read the drifts and write the record. */
  static final Duration FINISH_MARGIN = Duration.ofSeconds(5);

  private final ManagedStacks stacks;
  private final DriftDetector detector;
  private final DriftRecords records;
  private final Notifier notifier;
  private final Clock clock;
  private final DriftScanLimits limits;

  public DriftScan(
      ManagedStacks stacks,
      DriftDetector detector,
      DriftRecords records,
      Notifier notifier,
      Clock clock,
      DriftScanLimits limits) {
    this.stacks = Objects.requireNonNull(stacks, "stacks");
    this.detector = Objects.requireNonNull(detector, "detector");
    this.records = Objects.requireNonNull(records, "records");
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Scans, finishing within {@code budget} (keep it below the function's timeout). */
  public DriftScanResult run(Duration budget) {
    Instant deadline = clock.instant().plus(budget);
    List<StackRef> managed = stacks.list(limits.maxStacks());
    List<DriftScanResult.StackResult> results = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(limits.concurrency(), Math.max(1, managed.size())));
    try {
      List<Future<DriftScanResult.StackResult>> futures = new ArrayList<>();
      for (StackRef stack : managed) {
        futures.add(pool.submit(() -> scanOne(stack, deadline)));
      }
      for (int i = 0; i < futures.size(); i++) {
        results.add(await(futures.get(i), managed.get(i)));
      }
    } finally {
      pool.shutdownNow();
    }
    return new DriftScanResult(results);
  }

  private DriftScanResult.StackResult await(
      Future<DriftScanResult.StackResult> future, StackRef stack) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new DriftScanResult.StackResult(
          stack.name(), DriftScanResult.Outcome.FAILED, 0, false);
    } catch (ExecutionException e) {
      // scanOne catches everything it expects; this is a bug, logged like any stack failure.
      logFailure(stack, e.getCause());
      return new DriftScanResult.StackResult(
          stack.name(), DriftScanResult.Outcome.FAILED, 0, false);
    }
  }

  DriftScanResult.StackResult scanOne(StackRef stack, Instant deadline) {
    if (!clock.instant().plus(FINISH_MARGIN).isBefore(deadline)) {
      log("drift_scan_stack_not_reached", stack, Map.of());
      return result(stack, DriftScanResult.Outcome.NOT_REACHED, 0, false);
    }
    try {
      String detectionId;
      try {
        detectionId = detector.start(stack.name());
      } catch (StackGoneException e) {
        log("drift_scan_stack_gone", stack, Map.of());
        return result(stack, DriftScanResult.Outcome.GONE, 0, false);
      }
      DriftDetection detection = waitFor(detectionId, deadline);
      DriftStatus status;
      String reason;
      if (detection == null) {
        status = DriftStatus.UNKNOWN;
        reason = "drift detection was still running when the scan's time ran out";
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
      if (status == DriftStatus.DRIFTED && !alreadyAlerted) {
        notified =
            notifier.tryNotify(
                driftEvent(
                    stack,
                    detection == null ? null : detection.stackId(),
                    detectionId,
                    count,
                    drifts));
      }
      DriftReport report =
          new DriftReport(
              stack,
              clock.instant(),
              status,
              count,
              drifts,
              detectionId,
              reason,
              status == DriftStatus.DRIFTED && (alreadyAlerted || notified));
      records.record(report);

      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("status", status.name());
      fields.put("drifted", count);
      fields.put("detectionId", detectionId);
      fields.put("notified", notified);
      log("drift_scan_stack_done", stack, fields);
      return result(stack, DriftScanResult.Outcome.valueOf(status.name()), count, notified);
    } catch (RuntimeException e) {
      logFailure(stack, e);
      return result(stack, DriftScanResult.Outcome.FAILED, 0, false);
    }
  }

  /** Null when the deadline comes first. */
  private DriftDetection waitFor(String detectionId, Instant deadline) {
    Instant stopAt = deadline.minus(FINISH_MARGIN);
    while (true) {
      DriftDetection detection = detector.status(detectionId);
      if (detection.state() != DriftDetection.State.IN_PROGRESS) {
        return detection;
      }
      Instant next = clock.instant().plus(limits.pollInterval());
      if (!next.isBefore(stopAt)) {
        return null;
      }
      try {
        Thread.sleep(limits.pollInterval());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  private DeploymentEvent driftEvent(
      StackRef stack, String stackId, String detectionId, int count, List<ResourceDrift> drifts) {
    String listed =
        drifts.stream()
            .map(d -> d.logicalId() + " (" + d.difference() + ")")
            .collect(Collectors.joining(", "));
    String reason =
        count
            + (count == 1 ? " resource differs" : " resources differ")
            + " from the template"
            + (listed.isEmpty() ? "" : ": " + listed)
            + (count > drifts.size() && !drifts.isEmpty() ? ", ..." : "");
    String console =
        "https://"
            + stack.region()
            + ".console.aws.amazon.com/cloudformation/home?region="
            + stack.region()
            + "#/stacks/drifts?stackId="
            + URLEncoder.encode(stackId == null ? stack.name() : stackId, StandardCharsets.UTF_8);
    return DeploymentEvent.driftDetected(
        stack.name(),
        stack.account(),
        stack.region(),
        clock.instant(),
        new DeploymentEvent.StackStatus(
            stackId,
            DriftStatus.DRIFTED.name(),
            reason,
            "Bring the resources back to the template (redeploy the stack), or change the"
                + " template to match them and deploy it",
            console,
            detectionId));
  }

  private static DriftScanResult.StackResult result(
      StackRef stack, DriftScanResult.Outcome outcome, int count, boolean notified) {
    return new DriftScanResult.StackResult(stack.name(), outcome, count, notified);
  }

  private static void logFailure(StackRef stack, Throwable e) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (e instanceof DeploymentException d) {
      fields.put("code", d.code().name());
      fields.put("message", d.getMessage());
    } else {
      fields.put("code", "INTERNAL");
      fields.put("message", "internal error scanning the stack");
    }
    fields.put("type", e == null ? null : e.getClass().getName());
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("stack", stack.name());
    all.putAll(fields);
    StructuredLog.error("drift_scan_stack_failed", all);
  }

  private static void log(String event, StackRef stack, Map<String, Object> extra) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("stack", stack.name());
    fields.putAll(extra);
    StructuredLog.info(event, fields);
  }
}
