package dev.fogbank.shared.drift;

import java.util.List;

/** What one drift scan did, stack by stack. */
public record DriftScanResult(List<StackResult> stacks) {
  public DriftScanResult {
    stacks = List.copyOf(stacks);
  }

  public enum Outcome {
    IN_SYNC,
    DRIFTED,
    UNKNOWN,
    /** No longer in CloudFormation: skipped, nothing recorded. */
    GONE,
    /** CloudFormation or the table failed for this stack; the others went on. */
    FAILED,
    /** The scan's time ran out before this stack's detection could start. */
    NOT_REACHED
  }

  /**
   * @param notified whether this scan published a DRIFT_DETECTED notification for the stack
   */
  public record StackResult(String stack, Outcome outcome, int driftedCount, boolean notified) {}

  public long count(Outcome outcome) {
    return stacks.stream().filter(s -> s.outcome() == outcome).count();
  }
}
