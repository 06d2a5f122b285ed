package dev.fogbank.functions.artifact;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every Lambda artifact (function group) this module shades, with the most its jar may weigh. Size
 * is cold start on Lambda: the jar is downloaded and unpacked before the first class loads, so a
 * group that grows past its budget must shed a dependency or split, not raise the number quietly.
 * {@link ArtifactBudgetIT} holds the built jars to these; {@link ColdStartBench} reports against
 * them. The budget is 12 MiB each (ProGuard shrinks the shaded jars to fit: functions/proguard.pro);
 * MB in reports is 10^6 bytes, as in docs/benchmarks.md.
 */
enum ArtifactBudget {
  API("api", 12),
  CONSOLE("console", 12),
  DROP("drop", 12),
  STEPS_LEDGER("steps-ledger", 12),
  STEPS_STACK("steps-stack", 12),
  SLACK("slack", 12),
  EVENTS("events", 12),
  SCANS("scans", 12);

  private final String group;
  private final int mebibytes;

  ArtifactBudget(String group, int mebibytes) {
    this.group = group;
    this.mebibytes = mebibytes;
  }

  /** The shade classifier: the jar is {@code functions-<version>-<group>.jar}. */
  String group() {
    return group;
  }

  /** The budget in MB (10^6 bytes), for reports. */
  double megabytes() {
    return bytes() / 1_000_000.0;
  }

  long bytes() {
    return mebibytes * 1024L * 1024L;
  }

  static Optional<ArtifactBudget> of(String group) {
    return Arrays.stream(values()).filter(b -> b.group.equals(group)).findFirst();
  }
}
