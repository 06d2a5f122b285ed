package dev.fogbank.shared.drift;

/**
 * The state of one drift detection (DescribeStackDriftDetectionStatus).
 *
 * @param stackId the stack's ARN
 * @param state IN_PROGRESS, COMPLETE or FAILED
 * @param stackDrift what CloudFormation concluded so far; UNKNOWN until it knows
 * @param driftedCount the number of drifted resources CloudFormation counted
 * @param reason CloudFormation's status reason; may be null
 */
public record DriftDetection(
    String stackId, State state, DriftStatus stackDrift, int driftedCount, String reason) {
  public enum State {
    IN_PROGRESS,
    COMPLETE,
    /** Some resources could not be checked; the ones that were are still reported. */
    FAILED
  }
}
