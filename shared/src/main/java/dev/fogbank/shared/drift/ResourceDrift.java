package dev.fogbank.shared.drift;

import java.util.Objects;

/**
 * One resource that differs from its template.
 *
 * @param logicalId the resource's logical ID in the template
 * @param resourceType e.g. {@code AWS::SQS::Queue}
 * @param difference {@code MODIFIED} or {@code DELETED}, as CloudFormation names it
 */
public record ResourceDrift(String logicalId, String resourceType, String difference) {
  public ResourceDrift {
    Objects.requireNonNull(logicalId, "logicalId");
    Objects.requireNonNull(difference, "difference");
  }
}
