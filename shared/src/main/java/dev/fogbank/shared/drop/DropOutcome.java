package dev.fogbank.shared.drop;

import dev.fogbank.shared.history.DeploymentRecord;

/**
 * What a drop led to. {@code deployment} is set for {@link Kind#SUBMITTED} (the QUEUED record of
 * the deployment started, or the existing record when this drop was already submitted) and for
 * {@link Kind#REJECTED} (a FAILED record saying why); {@code ignoredBecause} for {@link
 * Kind#IGNORED}.
 */
public record DropOutcome(Kind kind, DeploymentRecord deployment, String ignoredBecause) {
  public enum Kind {
    SUBMITTED,
    REJECTED,
    IGNORED
  }

  public static DropOutcome submitted(DeploymentRecord record) {
    return new DropOutcome(Kind.SUBMITTED, record, null);
  }

  public static DropOutcome rejected(DeploymentRecord failed) {
    return new DropOutcome(Kind.REJECTED, failed, null);
  }

  public static DropOutcome ignored(String why) {
    return new DropOutcome(Kind.IGNORED, null, why);
  }
}
