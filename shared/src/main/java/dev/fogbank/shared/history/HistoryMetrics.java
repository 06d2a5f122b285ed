package dev.fogbank.shared.history;

import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.metrics.Metric;
import dev.fogbank.shared.metrics.Metrics;
import java.time.Instant;
import java.util.Map;

/**
 * The deployment metrics, from the one place every status change passes through: a status change
 * that history accepted. History's own conditions make each count exact: a record ends once (the
 * terminal write is conditional), and a lock's start time is written once ({@code if_not_exists}).
 */
final class HistoryMetrics {
  private HistoryMetrics() {}

  /** The metrics of {@code change}, accepted into {@code record} (as it is after the change). */
  static void accepted(StatusChange change, DeploymentRecord record) {
    Instant awaitingSince = record.awaitingApprovalAt();
    Metrics metrics = Metrics.current();
    Map<String, String> properties =
        Metrics.about(record.deploymentId(), record.stack() == null ? null : record.stack().name());
    DeploymentStatus status = change.status();
    if (status.isTerminal() && record.status() == status) {
      metrics.count(Metric.DEPLOYMENTS, status.name(), properties);
      metrics.time(
          Metric.DEPLOYMENT_DURATION,
          status.name(),
          Metrics.elapsed(record.requestedAt(), record.endedAt()),
          properties);
    }
    if (change.approval() != null) {
      metrics.time(
          Metric.APPROVAL_WAIT,
          change.approval().decision(),
          Metrics.elapsed(awaitingSince, change.at()),
          properties);
    } else if (status == DeploymentStatus.RUNNING && change.at().equals(record.startedAt())) {
      metrics.time(
          Metric.LOCK_WAIT,
          null,
          Metrics.elapsed(record.requestedAt(), record.startedAt()),
          properties);
    } else if (status == DeploymentStatus.CANCELLED
        && awaitingSince != null
        && record.approval() == null) {
      // Ended while waiting, and nobody decided: the wait's timeout (a reject records a decision).
      metrics.time(
          Metric.APPROVAL_WAIT,
          "TIMED_OUT",
          Metrics.elapsed(awaitingSince, change.at()),
          properties);
    }
  }
}
