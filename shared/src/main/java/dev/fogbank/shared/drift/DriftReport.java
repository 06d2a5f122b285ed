package dev.fogbank.shared.drift;

import dev.fogbank.shared.stack.StackRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one drift scan found for one stack: the {@code DRIFT#<at>} record.
 *
 * @param driftedCount how many resources CloudFormation reported drifted (MODIFIED or DELETED)
 * @param excerpt at most {@link #MAX_EXCERPT} of them
 * @param detectionId CloudFormation's drift detection id; null if none was started
 * @param reason why the status is UNKNOWN, or CloudFormation's detection status reason; may be null
 * @param alerted whether people have been told about this drift (now or by an earlier scan); a
 *     DRIFTED stack whose last conclusive record is not alerted is announced again
 */
public record DriftReport(
    StackRef stack,
    Instant at,
    DriftStatus status,
    int driftedCount,
    List<ResourceDrift> excerpt,
    String detectionId,
    String reason,
    boolean alerted) {
  /** A Slack message and a DynamoDB item stay small however far a stack has drifted. */
  public static final int MAX_EXCERPT = 20;

  public DriftReport {
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(status, "status");
    excerpt = List.copyOf(excerpt.size() > MAX_EXCERPT ? excerpt.subList(0, MAX_EXCERPT) : excerpt);
  }
}
