package dev.fogbank.shared.drift;

import java.util.List;

/** CloudFormation's drift detection, in the control plane's account and region. */
public interface DriftDetector {
  /**
   * Starts drift detection of the stack and returns the detection id.
   *
   * @throws StackGoneException if the stack does not exist
   */
  String start(String stackName);

  /** Where the detection started by {@link #start} stands. */
  DriftDetection status(String detectionId);

  /** The resources last found MODIFIED or DELETED, at most {@code max} of them. */
  List<ResourceDrift> driftedResources(String stackName, int max);
}
