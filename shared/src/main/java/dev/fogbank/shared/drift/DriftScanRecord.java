package dev.fogbank.shared.drift;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One drift scan and how far it got: the {@code DRIFTSCAN#<id>} item.
 *
 * @param trigger {@code schedule} or {@code api}
 * @param total the stacks the scan set out to detect
 * @param done the stacks finished so far, whatever their outcome
 * @param outcomes stacks per outcome: a {@link DriftStatus} name, {@code GONE} or {@code FAILED}
 * @param failures the stacks that could not be scanned, with why
 * @param reason why a SKIPPED scan did not run (the running scan's id)
 */
public record DriftScanRecord(
    String scanId,
    Status status,
    String trigger,
    Instant startedAt,
    Instant finishedAt,
    int total,
    int done,
    Map<String, Integer> outcomes,
    List<StackFailure> failures,
    String reason) {

  public enum Status {
    /** Asked for (POST /drift-scans); the state machine has not begun it yet. */
    STARTING,
    RUNNING,
    SUCCEEDED,
    /** Another scan was running when this one was started: it did nothing. */
    SKIPPED,
    /**
     * The runtime stopped (killed, crashed) while the scan ran; {@code reason} says so. Found and
     * recorded when it starts again; the stacks it had checked keep their drift records.
     */
    INTERRUPTED
  }

  /** Outcome of a stack that no longer exists in CloudFormation: nothing recorded for it. */
  public static final String GONE = "GONE";

  /** Outcome of a stack whose detection failed after the retries: reported, the scan went on. */
  public static final String FAILED = "FAILED";

  /** A stack the scan could not detect, with fogbank's error code and message. */
  public record StackFailure(String stack, String code, String message) {}

  public DriftScanRecord {
    Objects.requireNonNull(scanId, "scanId");
    Objects.requireNonNull(status, "status");
    outcomes = Map.copyOf(outcomes == null ? Map.of() : outcomes);
    failures = List.copyOf(failures == null ? List.of() : failures);
  }

  /** A scan asked for now, before the state machine has listed its stacks. */
  public static DriftScanRecord starting(String scanId, String trigger, Instant at) {
    return new DriftScanRecord(
        scanId, Status.STARTING, trigger, at, null, 0, 0, Map.of(), List.of(), null);
  }

  /** A scan that starts now over {@code total} stacks. */
  public static DriftScanRecord running(String scanId, String trigger, Instant at, int total) {
    return new DriftScanRecord(
        scanId, Status.RUNNING, trigger, at, null, total, 0, Map.of(), List.of(), null);
  }
}
