package dev.fogbank.shared.rules;

/** How bad a finding is; CRITICAL is the worst. Ordered worst first. */
public enum Severity {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW;

  /** Whether this severity is {@code floor} or worse (CRITICAL is at least HIGH). */
  public boolean atLeast(Severity floor) {
    return ordinal() <= floor.ordinal();
  }
}
