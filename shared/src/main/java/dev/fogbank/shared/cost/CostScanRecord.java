package dev.fogbank.shared.cost;

import java.time.Instant;
import java.util.Objects;

/**
 * What is kept of one cost scan, for {@code GET /cost-scans/{id}}.
 *
 * @param status {@code RUNNING} (started elsewhere, not finished), {@code SUCCEEDED} or {@code
 *     FAILED}
 * @param finished when it ended; null while RUNNING
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
  public static final String RUNNING = "RUNNING";

  public CostScanRecord {
    Objects.requireNonNull(scanId, "scanId");
    Objects.requireNonNull(started, "started");
    if (finished == null && !RUNNING.equals(status)) {
      throw new NullPointerException("finished");
    }
    Objects.requireNonNull(status, "status");
  }
}
