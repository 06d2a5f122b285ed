package dev.fogbank.shared.drift;

import java.time.Duration;

/**
 * How much one drift scan does.
 *
 * @param maxStacks stacks per invocation; the rest wait for the next scan
 * @param concurrency detections running at once (CloudFormation throttles its API per account)
 * @param pollInterval between two DescribeStackDriftDetectionStatus calls of one detection
 */
public record DriftScanLimits(int maxStacks, int concurrency, Duration pollInterval) {
  public DriftScanLimits {
    if (maxStacks < 1 || concurrency < 1 || pollInterval.isNegative()) {
      throw new IllegalArgumentException("drift scan limits must be positive");
    }
  }

  /** 100 stacks, 4 at a time, polled every 5 s. */
  public static DriftScanLimits defaults() {
    return new DriftScanLimits(100, 4, Duration.ofSeconds(5));
  }
}
