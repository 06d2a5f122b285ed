package dev.fogbank.shared.drift;

/** A stack's drift as one scan found it. */
public enum DriftStatus {
  /** Every resource CloudFormation checked matches the template. */
  IN_SYNC,
  /** At least one resource was modified or deleted outside CloudFormation. */
  DRIFTED,
  /** The scan could not tell: detection failed, or did not finish within the scan's time. */
  UNKNOWN
}
