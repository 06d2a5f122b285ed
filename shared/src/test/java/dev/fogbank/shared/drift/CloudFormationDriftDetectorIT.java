package dev.fogbank.shared.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.drift.DriftApiStandIn.Resource;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.FaultInjector;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDriftStatus;

/**
 * The drift adapter through the real SDK to the emulator. moto 5.2 has no drift API (HTTP 500), so
 * {@link DriftApiStandIn} answers those three calls at the SDK layer as CloudFormation documents
 * them: a detection id, DETECTION_IN_PROGRESS then DETECTION_COMPLETE with the stack's drift
 * status, the resource drifts filtered by status and paged, ValidationError for a missing stack.
 */
@ExtendWith(AwsEndpointExtension.class)
class CloudFormationDriftDetectorIT {
  private final DriftApiStandIn cloudFormation = new DriftApiStandIn();
  private final FaultInjector faults = new FaultInjector();
  private AwsClientFactory clients;
  private CloudFormationDriftDetector detector;

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    // Response hooks run in reverse order of registration: the stand-in answers first, then the
    // fault injector can turn its answer into an error.
    clients = aws.clients(faults, cloudFormation);
    detector = new CloudFormationDriftDetector(clients.cloudFormation());
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void detect_whenDrifted_thenInProgressThenCompleteDriftedWithCountAndStackId() {
    cloudFormation
        .stack(
            "orders",
            new Resource("Queue", "AWS::SQS::Queue", "MODIFIED"),
            new Resource("Table", "AWS::DynamoDB::Table", "IN_SYNC"),
            new Resource("Topic", "AWS::SNS::Topic", "DELETED"))
        .inProgressPolls("orders", 1);

    String id = detector.start("orders");
    DriftDetection first = detector.status(id);
    DriftDetection second = detector.status(id);

    assertEquals(DriftDetection.State.IN_PROGRESS, first.state());
    assertEquals(DriftStatus.UNKNOWN, first.stackDrift());
    assertEquals(DriftDetection.State.COMPLETE, second.state());
    assertEquals(DriftStatus.DRIFTED, second.stackDrift());
    assertEquals(2, second.driftedCount());
    assertEquals(DriftApiStandIn.stackId("orders"), second.stackId());
  }

  @Test
  void driftedResources_thenOnlyModifiedAndDeletedAskedForAndEveryPageFollowed() {
    cloudFormation
        .stack(
            "orders",
            new Resource("Queue", "AWS::SQS::Queue", "MODIFIED"),
            new Resource("Table", "AWS::DynamoDB::Table", "IN_SYNC"),
            new Resource("Role", "AWS::IAM::Role", "NOT_CHECKED"),
            new Resource("Topic", "AWS::SNS::Topic", "DELETED"),
            new Resource("Bucket", "AWS::S3::Bucket", "MODIFIED"))
        .pageSize(2);

    List<ResourceDrift> drifts = detector.driftedResources("orders", 20);

    assertEquals(
        List.of(
            new ResourceDrift("Queue", "AWS::SQS::Queue", "MODIFIED"),
            new ResourceDrift("Topic", "AWS::SNS::Topic", "DELETED"),
            new ResourceDrift("Bucket", "AWS::S3::Bucket", "MODIFIED")),
        drifts);
    assertEquals(2, cloudFormation.driftRequests().size(), "two pages");
    assertEquals(
        List.of(StackResourceDriftStatus.MODIFIED, StackResourceDriftStatus.DELETED),
        cloudFormation.driftRequests().getFirst().stackResourceDriftStatusFilters());
  }

  @Test
  void driftedResources_whenMoreThanMax_thenCappedWithoutReadingFurtherPages() {
    cloudFormation
        .stack(
            "orders",
            new Resource("A", "AWS::SQS::Queue", "MODIFIED"),
            new Resource("B", "AWS::SQS::Queue", "MODIFIED"),
            new Resource("C", "AWS::SQS::Queue", "MODIFIED"))
        .pageSize(2);

    List<ResourceDrift> drifts = detector.driftedResources("orders", 2);

    assertEquals(List.of("A", "B"), drifts.stream().map(ResourceDrift::logicalId).toList());
    assertEquals(1, cloudFormation.driftRequests().size());
  }

  @Test
  void start_whenStackDoesNotExist_thenStackGone() {
    // CloudFormation: 400 ValidationError "Stack with id gone does not exist".
    StackGoneException e = assertThrows(StackGoneException.class, () -> detector.start("gone"));

    assertEquals(ErrorCode.NOT_FOUND, e.code());
    assertTrue(e.getMessage().contains("'gone'"), e.getMessage());
  }

  @Test
  void start_whenThrottledTwice_thenTheSdkRetriesAndTheDetectionStarts() {
    cloudFormation.stack("orders");
    // Stands in for CloudFormation's API rate limit (400 Throttling: Rate exceeded).
    faults.throttleNext("DetectStackDrift", 2);

    String id = detector.start("orders");

    assertTrue(id.startsWith("b78ac9b0"), id);
    assertEquals(3, faults.attempts("DetectStackDrift"));
  }

  @Test
  void status_whenCloudFormationFailsPastRetries_thenAwsUnavailableNamingTheCall() {
    cloudFormation.stack("orders");
    String id = detector.start("orders");
    // Stands in for a CloudFormation outage: HTTP 500 InternalFailure on every attempt.
    faults.internalFailureNext("DescribeStackDriftDetectionStatus", FaultInjector.ALWAYS);

    AwsUnavailableException e =
        assertThrows(AwsUnavailableException.class, () -> detector.status(id));

    assertEquals(ErrorCode.AWS_UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("DescribeStackDriftDetectionStatus"), e.getMessage());
    assertTrue(faults.attempts("DescribeStackDriftDetectionStatus") > 1, "retried");
  }

  @Test
  void start_whenCloudFormationDeniesAccess_thenInternalAtOnceWithItsReason() {
    cloudFormation.stack("orders");
    // Stands in for a scan role without cloudformation:DetectStackDrift: 403 AccessDenied, which
    // moto never answers (it checks no IAM policies).
    String reason = "User is not authorized to perform: cloudformation:DetectStackDrift";
    faults.failNext("DetectStackDrift", FaultInjector.ALWAYS, 403, "AccessDenied", reason);

    DeploymentException e = assertThrows(DeploymentException.class, () -> detector.start("orders"));

    assertEquals(ErrorCode.INTERNAL, e.code(), "a refusal is not an outage");
    assertTrue(e.getMessage().endsWith("(HTTP 403 AccessDenied): " + reason), e.getMessage());
    assertEquals(1, faults.attempts("DetectStackDrift"), "a refusal is not retried");
  }
}
