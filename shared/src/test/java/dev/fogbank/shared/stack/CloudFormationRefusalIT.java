package dev.fogbank.shared.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.FaultInjector;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client error is not an outage: CloudFormation refusing a call (a 4xx other than throttling)
 * fails at once with a code saying what failed and AWS's message; throttling and 5xx are retried.
 * Through the real SDK (and its retry strategy) to the emulator, faults injected at the SDK layer.
 */
@ExtendWith(AwsEndpointExtension.class)
class CloudFormationRefusalIT {
  private static final Duration AWAIT = Duration.ofSeconds(60);
  private static final String QUEUE =
      """
      {"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}}
      """;
  private static final String PROVIDER_REFUSAL =
      "Resource handler returned message: \"Invalid request provided: VisibilityTimeout\""
          + " (RequestToken: 1a2b, HandlerErrorCode: InvalidRequest)";

  private final FaultInjector faults = new FaultInjector();
  private AwsClientFactory clients;
  private CloudFormationStackGateway gateway;

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    clients = aws.clients(faults);
    gateway = new CloudFormationStackGateway(clients.cloudFormation(), AWAIT);
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void executeChangeSet_whenValidationError_thenChangeSetFailedWithAwsMessageAfterOneCall() {
    // Stands in for CloudFormation refusing ExecuteChangeSet with HTTP 400 ValidationError (e.g. a
    // resource provider rejecting the update); moto executes every change set it created.
    ChangeSet handle = readyChangeSet("refused");
    faults.failNext(
        "ExecuteChangeSet", FaultInjector.ALWAYS, 400, "ValidationError", PROVIDER_REFUSAL);

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> gateway.executeChangeSet(handle));

    assertEquals(ErrorCode.CHANGE_SET_FAILED, e.code());
    assertTrue(e.getMessage().contains("'" + handle.stackName() + "'"), e.getMessage());
    assertTrue(e.getMessage().endsWith(PROVIDER_REFUSAL), e.getMessage());
    assertEquals(1, faults.attempts("ExecuteChangeSet"), "the SDK does not retry a refusal");
  }

  @Test
  void executeChangeSet_whenAccessDenied_thenChangeSetFailedNotAwsUnavailable() {
    // Stands in for IAM denying cloudformation:ExecuteChangeSet to the function's role (HTTP 403).
    ChangeSet handle = readyChangeSet("denied");
    String denied =
        "User: arn:aws:sts::123456789012:assumed-role/steps/fn is not authorized to perform:"
            + " cloudformation:ExecuteChangeSet";
    faults.failNext("ExecuteChangeSet", FaultInjector.ALWAYS, 403, "AccessDenied", denied);

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> gateway.executeChangeSet(handle));

    assertEquals(ErrorCode.CHANGE_SET_FAILED, e.code());
    assertEquals(
        "CloudFormation ExecuteChangeSet for stack '"
            + handle.stackName()
            + "' failed: rejected by AWS (HTTP 403 AccessDenied): "
            + denied,
        e.getMessage());
    assertEquals(1, faults.attempts("ExecuteChangeSet"));
  }

  @Test
  void executeChangeSet_whenThrottledTwice_thenSdkRetriesAndExecutes() {
    // Stands in for CloudFormation's API rate limit (HTTP 400 ThrottlingException): a 4xx that
    // is not a refusal. Persistent throttling ends as AWS_UNAVAILABLE (see AwsFailuresTest); the
    // SDK's throttling backoff makes that too slow to wait for here.
    ChangeSet handle = readyChangeSet("throttled");
    faults.failNext("ExecuteChangeSet", 2, 400, "ThrottlingException", "Rate exceeded");

    gateway.executeChangeSet(handle);

    assertEquals(3, faults.attempts("ExecuteChangeSet"), "two throttled attempts, then success");
    assertTrue(faults.exhausted());
  }

  @Test
  void createChangeSet_whenLimitExceeded_thenChangeSetFailedAfterOneCall() {
    // Stands in for the account's stack quota: CreateChangeSet answers 400 LimitExceededException.
    String stack = uniqueStackName("quota");
    String quota = "Limit on the number of stacks has been exceeded";
    faults.failNext("CreateChangeSet", 1, 400, "LimitExceededException", quota);

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> gateway.createChangeSet(request(stack)));

    assertEquals(ErrorCode.CHANGE_SET_FAILED, e.code());
    assertTrue(e.getMessage().endsWith(quota), e.getMessage());
    assertEquals(1, faults.attempts("CreateChangeSet"));
  }

  private ChangeSet readyChangeSet(String purpose) {
    ChangeSet handle = gateway.createChangeSet(request(uniqueStackName(purpose)));
    assertEquals(ChangeSet.Status.READY, gateway.awaitChangeSet(handle, AWAIT).status());
    return handle;
  }

  private static ChangeSetRequest request(String stack) {
    return new ChangeSetRequest(
        stack,
        "fogbank-" + UUID.randomUUID().toString().substring(0, 8),
        QUEUE,
        null,
        Map.of(),
        Map.of(),
        null,
        "refusal test");
  }

  private static String uniqueStackName(String purpose) {
    return "refusal-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
