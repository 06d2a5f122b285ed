package dev.fogbank.shared.cost;

import java.time.Instant;
import java.util.Objects;

/**
 * What is kept of one cost scan, for {@code GET /cost-scans/{id}}.
 *
 * @param status {@code SUCCEEDED} or {@code FAILED}
 * @param result what the scan did; null when it failed
 * @param failureCode the error code of the failure (an {@code ErrorCode} name); null on success
 * @param failureMessage the failure in words; null on success
 */
public record CostScanRecord(
    String scanId,
    Instant started,
    Instant finished,
    int days,
    String status,
    CostScanResult result,
    String failureCode,
    String failureMessage) {
  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";

  public CostScanRecord {
    Objects.requireNonNull(scanId, "scanId");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(finished, "finished");
    Objects.requireNonNull(status, "status");
  }
}
