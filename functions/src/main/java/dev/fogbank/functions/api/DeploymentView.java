package dev.fogbank.functions.api;

import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.history.DeploymentRecord;
import java.time.Instant;
import dev.fogbank.shared.validation.ValidationReport;
import dev.fogbank.shared.deploy.ApprovalDecision;
import dev.fogbank.shared.estimate.ReviewCostEstimate;
import dev.fogbank.shared.review.ExportImpact;
import dev.fogbank.shared.review.ReviewReport;
import dev.fogbank.shared.review.ReviewedChange;
import dev.fogbank.shared.rules.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A deployment as the API shows it (timestamps ISO-8601 UTC). {@code findings}: what validation
 * found, worst first (at most {@link ValidationReport#MAX_RECORDED}; {@code findingCounts} counts
 * them all, by severity, plus suppressed and total). {@code riskLevel}, {@code changes}
 * (riskiest first, at most {@link ReviewReport#MAX_CHANGES}), {@code exports}, {@code
 * reviewNotes}: the change review; {@code approval}: who approved or rejected it; {@code
 * costEstimate}: what the new template costs a month and what the change adds (or why there is no
 * estimate).
 * stackPolicy} (name and SHA-256 of the document) and {@code terminationProtection}: what was set
 * on the stack before its change set ran (absent when nothing was).
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
    Map<String, Integer> findingCounts,
    Severity riskLevel,
    List<ReviewedChange> changes,
    List<ExportImpact> exports,
    List<String> reviewNotes,
    Boolean approvalRequired,
    ApprovalDecision approval,
    ReviewCostEstimate costEstimate,
    AppliedStackPolicy stackPolicy,
    Boolean terminationProtection) {

  /** The stack policy set on the stack: protect-stateful, protect-all or custom, and its hash. */
  record AppliedStackPolicy(String name, String sha256) {}

  static DeploymentView of(DeploymentRecord r) {
    ReviewReport review = r.review();
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
        r.validation() == null ? null : r.validation().countsView(),
        // Null before the review ran (no change set yet, or NO_CHANGES).
        review == null ? null : review.riskLevel(),
        review == null ? null : review.changes(),
        review == null ? null : review.exports(),
        review == null ? null : reviewNotes(review),
        review == null ? null : review.approvalRequired(),
        r.approval(),
        review == null ? null : review.costEstimate(),
        r.stackProtection() == null || r.stackProtection().stackPolicy() == null
            ? null
            : new AppliedStackPolicy(
                r.stackProtection().stackPolicy(), r.stackProtection().stackPolicySha256()),
        r.stackProtection() != null && r.stackProtection().terminationProtection()
            ? Boolean.TRUE
            : null);
  }

  /** What blocked the change set, then what the stack policy may deny, then what was not judged. */
  private static List<String> reviewNotes(ReviewReport review) {
    List<String> notes = new ArrayList<>(review.blockReasons());
    review.policyDenials().stream()
        .filter(d -> !d.certain())
        .forEach(d -> notes.add(d.reason()));
    notes.addAll(review.notes());
    return notes.stream().distinct().toList();
  }
}
