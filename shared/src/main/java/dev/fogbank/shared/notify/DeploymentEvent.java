package dev.fogbank.shared.notify;

import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentError;
import java.time.Instant;

/** Something that happened to a deployment and that people should hear about. */
public record DeploymentEvent(
    Kind kind,
    String deploymentId,
    String stackName,
    String account,
    String region,
    String source,
    String requester,
    Instant at,
    Long durationMillis,
    ChangeSummary changeSummary,
    DeploymentError error) {

  public enum Kind {
    STARTED,
    SUCCEEDED,
    NO_CHANGES,
    FAILED
  }
}
