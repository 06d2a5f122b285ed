package dev.fogbank.shared.drift;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The drift scans' progress records, and the lease that keeps two scans from overlapping. */
public interface DriftScans {
  /**
   * Records {@code scan} as RUNNING and takes the lease for {@code lease}, unless another scan
   * holds it: then nothing is written and the holder's scan id is returned.
   */
  Optional<String> begin(DriftScanRecord scan, Duration lease);

  /** Records a scan that did not run (status SKIPPED), or one asked for (STARTING). */
  void record(DriftScanRecord scan);

  /**
   * A stack of the scan is done: {@code outcome} counted and a failure listed (when not null),
   * once per stack however often it is reported.
   */
  void stackDone(String scanId, String stack, String outcome, DriftScanRecord.StackFailure failure);

  /** The scan ended: SUCCEEDED at {@code at}, its lease released. Returns the final record. */
  DriftScanRecord finish(String scanId, Instant at);

  Optional<DriftScanRecord> find(String scanId);

  /** What a position in the listing looks like ({@link ScanPage#next}). */
  String POSITION_PATTERN = "[0-9]{13}#[A-Za-z0-9_-]{1,80}";

  /**
   * Kept scans, newest first by when each was first recorded.
   *
   * @param next where the following page starts ({@link #list}'s {@code after}); null when this
   *     page ends the listing
   */
  record ScanPage(List<DriftScanRecord> scans, String next) {}

  /**
   * Up to {@code limit} scans after position {@code after} (null: the newest first), each as
   * {@link #find} reads it; scans whose record has expired are left out.
   */
  ScanPage list(String after, int limit);

  /**
   * The scan holding the lease, if any, is recorded INTERRUPTED at {@code at} with {@code reason}
   * and the lease released. For a runtime that starts again after it was killed mid-scan (local
   * mode runs its scans in its one process, so a lease held when it starts is an orphan).
   */
  Optional<DriftScanRecord> interrupt(String reason, Instant at);

  /**
   * Records the stacks scan {@code scanId} covers, page by page (the state machine takes one page
   * at a time: a state's input holds at most 256 KiB). {@code everyStack}: the scan covers every
   * stack it is set to (not stacks asked for by name), and becomes the one {@link #covered()}
   * reads.
   */
  void recordPages(String scanId, List<List<String>> pages, boolean everyStack);

  /** Page {@code index} of the scan's stacks; empty when there is no such page. */
  List<String> page(String scanId, int index);

  /** The stacks the newest scan of every stack covered, in name order; empty before the first. */
  List<String> covered();
}
