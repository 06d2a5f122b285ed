package dev.fogbank.shared.drift;

import java.time.Duration;
import java.util.Objects;

/**
 * How much one drift scan does, and how it waits.
 *
 * @param maxStacks stacks per scan; the rest are not scanned (and the scan's total says so)
 * @param concurrency detections running at once: the state machine's Map MaxConcurrency
 *     (CloudFormation throttles its API per account)
 * @param firstPoll the first Wait before DescribeStackDriftDetectionStatus; each next one doubles
 * @param maxPoll the longest Wait between two status polls
 * @param maxDetection how long a detection may run before the stack is recorded UNKNOWN
 * @param lease how long a scan holds the no-overlap lease if it dies without releasing it
 */
public record DriftScanLimits(
    int maxStacks,
    int concurrency,
    Duration firstPoll,
    Duration maxPoll,
    Duration maxDetection,
    Duration lease) {
  public static final int DEFAULT_CONCURRENCY = 5;

  /**
   * The most detections a scan runs at once. The Distributed Map would start up to 10,000 child
   * executions at once; CloudFormation's drift API throttles long before 40 per account.
   */
  public static final int MAX_CONCURRENCY = 40;

  /**
   * Stacks per page of a scan: the state machine's Map takes one page at a time, as a state's
   * input holds at most 256 KiB (500 names of at most 128 characters: 66 KB).
   */
  public static final int STACKS_PER_PAGE = 500;

  public DriftScanLimits {
    Objects.requireNonNull(firstPoll, "firstPoll");
    Objects.requireNonNull(maxPoll, "maxPoll");
    Objects.requireNonNull(maxDetection, "maxDetection");
    Objects.requireNonNull(lease, "lease");
    if (maxStacks < 1 || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          "drift scan limits: maxStacks must be 1 or more and concurrency 1 to " + MAX_CONCURRENCY);
    }
    if (firstPoll.isNegative() || maxPoll.compareTo(firstPoll) < 0 || lease.isNegative()) {
      throw new IllegalArgumentException("drift scan limits: polls and lease must be positive");
    }
  }

  /** 10,000 stacks, 5 at a time, polled after 10 s then up to every 60 s, for 30 minutes. */
  public static DriftScanLimits defaults() {
    return withConcurrency(DEFAULT_CONCURRENCY);
  }

  public static DriftScanLimits withConcurrency(int concurrency) {
    return new DriftScanLimits(
        10_000,
        concurrency,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        Duration.ofMinutes(30),
        Duration.ofHours(12));
  }
}
