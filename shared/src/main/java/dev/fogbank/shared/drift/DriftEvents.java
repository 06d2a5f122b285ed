package dev.fogbank.shared.drift;

import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.stack.StackRef;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The notifications a drift scan sends: a stack drifted, a drift resolved, the scan's summary. */
final class DriftEvents {
  /** Failed stacks named in a summary; the scan record lists them all. */
  static final int MAX_FAILED_NAMED = 10;

  private DriftEvents() {}

  static DeploymentEvent detected(
      StackRef stack,
      String stackId,
      String detectionId,
      int count,
      List<ResourceDrift> drifts,
      Clock clock) {
    String listed = drifts.stream().map(DriftEvents::describe).collect(Collectors.joining(", "));
    String reason =
        count
            + (count == 1 ? " resource differs" : " resources differ")
            + " from the template"
            + (listed.isEmpty() ? "" : ": " + listed)
            + (count > drifts.size() && !drifts.isEmpty() ? ", ..." : "");
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
                + " template to match them and deploy it; GET /stacks/"
                + stack.name()
                + "/drift shows each difference",
            console(stack, stackId),
            detectionId));
  }

  static DeploymentEvent resolved(
      StackRef stack, String stackId, String detectionId, DriftReport previous, Clock clock) {
    String was =
        previous.excerpt().stream().map(ResourceDrift::logicalId).collect(Collectors.joining(", "));
    return DeploymentEvent.driftResolved(
        stack.name(),
        stack.account(),
        stack.region(),
        clock.instant(),
        new DeploymentEvent.StackStatus(
            stackId,
            DriftStatus.IN_SYNC.name(),
            "every resource matches the template again"
                + (was.isEmpty() ? "" : " (drifted at " + previous.at() + ": " + was + ")"),
            "nothing to do",
            console(stack, stackId),
            detectionId));
  }

  static DeploymentEvent summary(String account, String region, DriftScanRecord scan, Clock clock) {
    return DeploymentEvent.driftScanSummary(
        account,
        region,
        clock.instant(),
        new DeploymentEvent.StackStatus(
            null,
            "DRIFT_SCAN",
            describe(scan),
            scan.failures().isEmpty()
                ? "GET /drift for every stack's latest status"
                : "GET /drift-scans/" + scan.scanId() + " lists the stacks that failed and why",
            null,
            scan.scanId()));
  }

  /** E.g. "200 stacks: 180 IN_SYNC, 15 DRIFTED, 5 FAILED (a, b, c, d, e)". */
  static String describe(DriftScanRecord scan) {
    StringBuilder text = new StringBuilder();
    text.append(scan.done()).append(" of ").append(scan.total()).append(" stacks scanned");
    String counts =
        scan.outcomes().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "));
    if (!counts.isEmpty()) {
      text.append(": ").append(counts);
    }
    if (!scan.failures().isEmpty()) {
      text.append(" (failed: ")
          .append(
              scan.failures().stream()
                  .limit(MAX_FAILED_NAMED)
                  .map(DriftScanRecord.StackFailure::stack)
                  .collect(Collectors.joining(", ")))
          .append(scan.failures().size() > MAX_FAILED_NAMED ? ", ..." : "")
          .append(')');
    }
    return text.toString();
  }

  /** "Queue (MODIFIED: /VisibilityTimeout 30 -> 60)". */
  private static String describe(ResourceDrift drift) {
    if (drift.properties().isEmpty()) {
      return drift.logicalId() + " (" + drift.difference() + ")";
    }
    String properties =
        drift.properties().stream()
            .limit(3)
            .map(p -> p.path() + " " + p.expected() + " -> " + p.actual())
            .collect(Collectors.joining("; "));
    return drift.logicalId() + " (" + drift.difference() + ": " + properties + ")";
  }

  private static String console(StackRef stack, String stackId) {
    return "https://"
        + stack.region()
        + ".console.aws.amazon.com/cloudformation/home?region="
        + stack.region()
        + "#/stacks/drifts?stackId="
        + URLEncoder.encode(stackId == null ? stack.name() : stackId, StandardCharsets.UTF_8);
  }
}
