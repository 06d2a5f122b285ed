package dev.fogbank.shared.drift;

import java.util.List;
import java.util.Objects;

/**
 * One resource that differs from its template.
 *
 * @param logicalId the resource's logical ID in the template
 * @param resourceType e.g. {@code AWS::SQS::Queue}
 * @param difference {@code MODIFIED} or {@code DELETED}, as CloudFormation names it
 * @param properties the properties whose expected and actual values differ (at most {@link
 *     #MAX_PROPERTIES}); empty for a deleted resource
 */
public record ResourceDrift(
    String logicalId, String resourceType, String difference, List<PropertyDifference> properties) {
  public static final int MAX_PROPERTIES = 10;

  public ResourceDrift {
    Objects.requireNonNull(logicalId, "logicalId");
    Objects.requireNonNull(difference, "difference");
    properties =
        properties == null
            ? List.of()
            : List.copyOf(
                properties.size() > MAX_PROPERTIES
                    ? properties.subList(0, MAX_PROPERTIES)
                    : properties);
  }

  /** A drift without property differences (a deleted resource, or none reported). */
  public ResourceDrift(String logicalId, String resourceType, String difference) {
    this(logicalId, resourceType, difference, List.of());
  }
}
