package dev.fogbank.shared.drift;

import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceDriftsResponse;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDrift;

/**
 * {@link DriftDetector} on CloudFormation's DetectStackDrift, DescribeStackDriftDetectionStatus and
 * DescribeStackResourceDrifts. Throttling is retried by the client's own retry strategy (the
 * factory gives CloudFormation more attempts); what survives it is {@code AWS_UNAVAILABLE}.
 */
public final class CloudFormationDriftDetector implements DriftDetector {
  // DescribeStackResourceDrifts pages hold at most 100 results.
  private static final int PAGE_SIZE = 100;

  private final CloudFormationClient client;

  public CloudFormationDriftDetector(CloudFormationClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public String start(String stackName) {
    try {
      return client.detectStackDrift(r -> r.stackName(stackName)).stackDriftDetectionId();
    } catch (AwsServiceException e) {
      if (isStackMissing(e)) {
        throw new StackGoneException(stackName);
      }
      if (isDetectionRunning(e)) {
        throw new DetectionBusyException(stackName);
      }
      if (AwsFailures.isNotImplemented(e)) {
        throw new DriftUnsupportedException(e.statusCode());
      }
      // Any other refusal (a missing permission, a malformed request) is the scan's own setup.
      throw AwsFailures.failure(call("DetectStackDrift", stackName), e, ErrorCode.INTERNAL);
    } catch (SdkException e) {
      throw AwsFailures.failure(call("DetectStackDrift", stackName), e, ErrorCode.INTERNAL);
    }
  }

  @Override
  public DriftDetection status(String detectionId) {
    try {
      return DriftTranslator.toDetection(
          client.describeStackDriftDetectionStatus(r -> r.stackDriftDetectionId(detectionId)));
    } catch (SdkException e) {
      throw AwsFailures.failure(
          "CloudFormation DescribeStackDriftDetectionStatus for detection '" + detectionId + "'",
          e,
          ErrorCode.INTERNAL);
    }
  }

  @Override
  public List<ResourceDrift> driftedResources(String stackName, int max) {
    List<ResourceDrift> drifts = new ArrayList<>();
    String token = null;
    try {
      do {
        String next = token;
        DescribeStackResourceDriftsResponse page =
            client.describeStackResourceDrifts(
                r ->
                    r.stackName(stackName)
                        .stackResourceDriftStatusFilters(DriftTranslator.DRIFTED)
                        .maxResults(PAGE_SIZE)
                        .nextToken(next));
        for (StackResourceDrift drift : page.stackResourceDrifts()) {
          if (drifts.size() < max) {
            drifts.add(DriftTranslator.toResourceDrift(drift));
          }
        }
        token = page.nextToken();
      } while (token != null && drifts.size() < max);
    } catch (AwsServiceException e) {
      if (isStackMissing(e)) {
        throw new StackGoneException(stackName);
      }
      throw AwsFailures.failure(
          call("DescribeStackResourceDrifts", stackName), e, ErrorCode.INTERNAL);
    } catch (SdkException e) {
      throw AwsFailures.failure(
          call("DescribeStackResourceDrifts", stackName), e, ErrorCode.INTERNAL);
    }
    return drifts;
  }

  /**
   * CloudFormation's answer for a stack that is not there: ValidationError "... does not exist".
   */
  private static boolean isStackMissing(AwsServiceException e) {
    String message = AwsFailures.errorMessage(e);
    return "ValidationError".equals(AwsFailures.errorCode(e))
        && message != null
        && message.contains("does not exist");
  }

  /** CloudFormation's refusal of a second detection while one runs (one per stack at a time). */
  private static boolean isDetectionRunning(AwsServiceException e) {
    String message = AwsFailures.errorMessage(e);
    return "ValidationError".equals(AwsFailures.errorCode(e))
        && message != null
        && message.toLowerCase(java.util.Locale.ROOT).contains("already in progress");
  }

  private static String call(String operation, String stackName) {
    return "CloudFormation " + operation + " for stack '" + stackName + "'";
  }
}
