package dev.fogbank.infrastructure.bootstrap;

import java.util.Objects;
import java.util.Set;

/**
 * What bootstrap must know about the control-plane stack's shape.
 *
 * @param artifactsBucketParameter the template parameter naming the artifacts bucket
 * @param dropBucketOutput the stack output holding the drop bucket's name
 * @param dropBucketLogicalId the drop bucket's logical ID (when the output is missing: emulators
 *     keep no outputs after a change set)
 * @param protectedResources logical IDs a self-upgrade must not delete or replace
 * @param protectedTypes resource types whose every instance is protected likewise (data lives
 *     there: tables, buckets, topics)
 */
public record ControlPlaneLayout(
    String artifactsBucketParameter,
    String dropBucketOutput,
    String dropBucketLogicalId,
    Set<String> protectedResources,
    Set<String> protectedTypes) {

  public static final Set<String> DATA_TYPES =
      Set.of("AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::SNS::Topic");

  public ControlPlaneLayout {
    Objects.requireNonNull(artifactsBucketParameter, "artifactsBucketParameter");
    Objects.requireNonNull(dropBucketOutput, "dropBucketOutput");
    protectedResources = Set.copyOf(protectedResources);
    protectedTypes = Set.copyOf(protectedTypes);
  }
}
