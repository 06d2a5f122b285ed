package dev.fogbank.functions.api;

import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.history.DeploymentRecord;
import java.time.Instant;
import dev.fogbank.shared.validation.ValidationReport;
import java.util.List;
import java.util.Map;

/**
 * A deployment as the API shows it (timestamps ISO-8601 UTC). {@code findings}: what validation
 * found, worst first (at most {@link ValidationReport#MAX_RECORDED}; {@code findingCounts} counts
 * them all, by severity, plus suppressed and total).
 */
record DeploymentView(
    String deploymentId,
    String stackName,
    String account,
    String region,
    String status,
    String source,
    String requester,
    Instant requestedAt,
    Instant startedAt,
    Instant endedAt,
    ChangeSummary changeSummary,
    DeploymentError error,
    String templateSha256,
    Map<String, String> parameters,
    Map<String, String> tags,
    List<ValidationReport.RecordedFinding> findings,
    Map<String, Integer> findingCounts) {

  static DeploymentView of(DeploymentRecord r) {
    return new DeploymentView(
        r.deploymentId(),
        r.stack().name(),
        r.stack().account(),
        r.stack().region(),
        r.status().name(),
        r.source().wireName(),
        r.requester(),
        r.requestedAt(),
        r.startedAt(),
        r.endedAt(),
        r.changeSummary(),
        r.error(),
        r.templateSha256(),
        r.parameters(),
        r.tags(),
        // Null before validation ran (or for a deployment recorded before findings existed).
        r.validation() == null ? null : r.validation().findings(),
        r.validation() == null ? null : r.validation().countsView());
  }
}
