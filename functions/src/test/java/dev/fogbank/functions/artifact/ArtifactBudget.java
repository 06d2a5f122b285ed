package dev.fogbank.functions.artifact;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every Lambda artifact (function group) this module shades, with the most its jar may weigh. Size
 * is cold start on Lambda: the jar is downloaded and unpacked before the first class loads, so a
 * group that grows past its budget must shed a dependency or split, not raise the number quietly.
 * {@link ArtifactBudgetIT} holds the built jars to these; {@link ColdStartBench} reports against
 * them. MB here is 10^6 bytes, as in docs/benchmarks.md.
 */
enum ArtifactBudget {
  API("api", 15.0),
  DROP("drop", 15.0),
  STEPS_LEDGER("steps-ledger", 15.0),
  STEPS_STACK("steps-stack", 15.0),
  SLACK("slack", 15.0),
  EVENTS("events", 15.0),
  SCANS("scans", 15.0);

  private final String group;
  private final double megabytes;

  ArtifactBudget(String group, double megabytes) {
    this.group = group;
    this.megabytes = megabytes;
  }

  /** The shade classifier: the jar is {@code functions-<version>-<group>.jar}. */
  String group() {
    return group;
  }

  double megabytes() {
    return megabytes;
  }

  long bytes() {
    return Math.round(megabytes * 1_000_000);
  }

  static Optional<ArtifactBudget> of(String group) {
    return Arrays.stream(values()).filter(b -> b.group.equals(group)).findFirst();
  }
}
