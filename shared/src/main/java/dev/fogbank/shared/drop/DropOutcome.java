package dev.fogbank.shared.drop;

import dev.fogbank.shared.history.DeploymentRecord;

/** What a drop led to: a deployment (maybe already FAILED), or nothing and why. */
public record DropOutcome(DeploymentRecord deployment, String ignoredBecause) {
  public static DropOutcome deployed(DeploymentRecord record) {
    return new DropOutcome(record, null);
  }

  public static DropOutcome ignored(String why) {
    return new DropOutcome(null, why);
  }
}
