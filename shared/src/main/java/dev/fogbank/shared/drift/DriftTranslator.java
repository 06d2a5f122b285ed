package dev.fogbank.shared.drift;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackDriftDetectionStatusResponse;
import software.amazon.awssdk.services.cloudformation.model.StackDriftDetectionStatus;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDrift;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDriftStatus;

/** CloudFormation's drift API types to and from the drift domain. */
final class DriftTranslator {
  /** The differences that are drift: IN_SYNC and NOT_CHECKED are not. */
  static final List<StackResourceDriftStatus> DRIFTED =
      List.of(StackResourceDriftStatus.MODIFIED, StackResourceDriftStatus.DELETED);

  private DriftTranslator() {}

  static DriftDetection toDetection(DescribeStackDriftDetectionStatusResponse response) {
    DriftDetection.State state =
        response.detectionStatus() == StackDriftDetectionStatus.DETECTION_COMPLETE
            ? DriftDetection.State.COMPLETE
            : response.detectionStatus() == StackDriftDetectionStatus.DETECTION_FAILED
                ? DriftDetection.State.FAILED
                : DriftDetection.State.IN_PROGRESS;
    DriftStatus drift =
        switch (response.stackDriftStatusAsString() == null
            ? ""
            : response.stackDriftStatusAsString()) {
          case "DRIFTED" -> DriftStatus.DRIFTED;
          case "IN_SYNC" -> DriftStatus.IN_SYNC;
          default -> DriftStatus.UNKNOWN; // UNKNOWN, NOT_CHECKED, or not yet known
        };
    int count =
        response.driftedStackResourceCount() == null ? 0 : response.driftedStackResourceCount();
    return new DriftDetection(
        response.stackId(), state, drift, count, response.detectionStatusReason());
  }

  static ResourceDrift toResourceDrift(StackResourceDrift drift) {
    List<PropertyDifference> properties = new ArrayList<>();
    for (var difference : drift.propertyDifferences()) {
      properties.add(
          new PropertyDifference(
              difference.propertyPath(),
              difference.expectedValue(),
              difference.actualValue(),
              difference.differenceTypeAsString()));
    }
    return new ResourceDrift(
        drift.logicalResourceId(),
        drift.resourceType(),
        drift.stackResourceDriftStatusAsString(),
        properties);
  }
}
