package dev.fogbank.shared.drift;

/** A stack's drift as one scan found it. */
public enum DriftStatus {
  /** Every resource CloudFormation checked matches the template. */
  IN_SYNC,
  /** At least one resource was modified or deleted outside CloudFormation. */
  DRIFTED,
  /** The scan could not tell: detection failed, or did not finish within the scan's time. */
  UNKNOWN,
  /**
   * The AWS endpoint has no drift detection API (a local emulator such as moto answers HTTP 500):
   * nothing about the stack's drift is known, and it is not an error of the stack.
   */
  DRIFT_UNSUPPORTED;

  /** Whether this is a finding about the stack (IN_SYNC or DRIFTED) that a later scan compares. */
  public boolean conclusive() {
    return this == IN_SYNC || this == DRIFTED;
  }
}
