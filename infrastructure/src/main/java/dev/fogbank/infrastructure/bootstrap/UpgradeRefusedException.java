package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.shared.error.ErrorCode;
import java.util.List;

/**
 * A self-upgrade that would delete or replace the control plane's data-holding resources (its
 * table, buckets, topic), refused before anything reaches the drop bucket.
 */
public final class UpgradeRefusedException extends BootstrapException {

  private final List<String> reasons;

  public UpgradeRefusedException(String stackName, List<String> reasons) {
    super(ErrorCode.CHANGE_SET_FAILED, describe(stackName, reasons));
    this.reasons = List.copyOf(reasons);
  }

  public List<String> reasons() {
    return reasons;
  }

  private static String describe(String stackName, List<String> reasons) {
    return "upgrade of stack '"
        + stackName
        + "' refused: "
        + String.join("; ", reasons)
        + " (data would be lost; pass --force to upgrade anyway)";
  }
}
