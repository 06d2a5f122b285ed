package dev.fogbank.shared.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.stack.StackState;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import dev.fogbank.shared.testing.FaultInjector;
import dev.fogbank.shared.execution.ExecutionStarter;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudformation.model.ContinueUpdateRollbackRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * POST /stacks/{name}/continue-rollback's domain over the real CloudFormation adapter on the
 * emulator. moto never rolls back, so a stack stuck in UPDATE_ROLLBACK_FAILED is its DescribeStacks
 * answer rewritten, and ContinueUpdateRollback is answered as AWS documents it (the request the
 * SDK sent is recorded and checked).
 */
@ExtendWith({AwsEndpointExtension.class, DynamoDbLocalExtension.class})
class ContinueRollbackIT {
  private static final String ROLE = "arn:aws:iam::123456789012:role/fogbank-deployments";
  private static final String CONTINUED =
      "<ContinueUpdateRollbackResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
          + "<ContinueUpdateRollbackResult/><ResponseMetadata><RequestId>"
          + "5ccc7dcd-744c-11e5-be70-example</RequestId></ResponseMetadata>"
          + "</ContinueUpdateRollbackResponse>";

  private final FaultInjector faults = new FaultInjector();
  private final List<ContinueUpdateRollbackRequest> sent = new CopyOnWriteArrayList<>();
  private AwsClientFactory clients;
  private StackRollback rollback;
  private String stack;

  @BeforeEach
  void setUp(AwsEndpoint aws, DynamoDbClient dynamoDb, @ControlTableName String table) {
    ExecutionInterceptor recorder =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof ContinueUpdateRollbackRequest request) {
              sent.add(request);
            }
          }
        };
    clients = aws.clients(faults, recorder);
    DynamoDbDeploymentHistory history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    TemplateStore noTemplates =
        new TemplateStore() {
          @Override
          public StoredTemplate put(byte[] body) {
            throw new AssertionError("no template is stored");
          }

          @Override
          public byte[] get(String location) {
            throw new AssertionError("no template is read");
          }
        };
    ExecutionStarter noStarts =
        (name, input) -> {
          throw new AssertionError("nothing is started");
        };
    DeploymentIntake intake =
        new DeploymentIntake(
            history, noTemplates, noStarts, Clock.systemUTC(), "123456789012", aws.region(),
            ROLE, DeploymentOptions.defaults());
    rollback =
        new StackRollback(
            history,
            noTemplates,
            intake,
            () -> new CloudFormationStackGateway(clients.cloudFormation()),
            "123456789012",
            aws.region(),
            ROLE);
    stack = "stuck-" + UUID.randomUUID().toString().substring(0, 8);
    clients
        .cloudFormation()
        .createStack(
            r ->
                r.stackName(stack)
                    .templateBody(
                        "{\"Resources\":{\"Queue\":{\"Type\":\"AWS::SQS::Queue\"}}}"));
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void continueRollback_whenUpdateRollbackFailed_thenContinuedByStackIdWithSkipsAndRole() {
    // Stands in for a stack whose update rollback failed (a resource changed outside
    // CloudFormation): AWS answers DescribeStacks with UPDATE_ROLLBACK_FAILED and accepts
    // ContinueUpdateRollback with an empty result.
    faults.rewriteStackStatus(1, "UPDATE_ROLLBACK_FAILED");
    faults.answerNext("ContinueUpdateRollback", 1, CONTINUED);

    StackState found = rollback.continueRollback(stack, List.of("Queue", "Nested.Table"));

    assertTrue(faults.exhausted(), "the stuck status was read and the call answered");
    assertEquals("UPDATE_ROLLBACK_FAILED", found.status());
    assertEquals(1, sent.size());
    assertEquals(found.stackId(), sent.getFirst().stackName(), "by id, never a newer namesake");
    assertEquals(List.of("Queue", "Nested.Table"), sent.getFirst().resourcesToSkip());
    assertEquals(ROLE, sent.getFirst().roleARN());
  }

  @Test
  void continueRollback_whenStackIsNotStuck_thenRollbackNotPossibleAndNoCall() {
    DeploymentException e =
        assertThrows(DeploymentException.class, () -> rollback.continueRollback(stack, List.of()));

    assertEquals(ErrorCode.ROLLBACK_NOT_POSSIBLE, e.code());
    assertTrue(e.getMessage().contains("is CREATE_COMPLETE"), e.getMessage());
    assertEquals(0, faults.attempts("ContinueUpdateRollback"));
  }

  @Test
  void continueRollback_whenCloudFormationRefuses_thenStackFailedWithItsReason() {
    // AWS refuses ContinueUpdateRollback with a ValidationError when, e.g., a resource to skip is
    // not in UPDATE_FAILED.
    faults.rewriteStackStatus(1, "UPDATE_ROLLBACK_FAILED");
    faults.failNext(
        "ContinueUpdateRollback",
        1,
        400,
        "ValidationError",
        "Resource Queue is not in a state where it can be skipped");

    DeploymentException e =
        assertThrows(
            DeploymentException.class, () -> rollback.continueRollback(stack, List.of("Queue")));

    assertEquals(ErrorCode.STACK_FAILED, e.code());
    assertTrue(e.getMessage().contains("can be skipped"), e.getMessage());
  }

  @Test
  void continueRollback_whenNoSuchStack_thenNotFound() {
    DeploymentException e =
        assertThrows(
            DeploymentException.class, () -> rollback.continueRollback("no-such-stack", null));

    assertEquals(ErrorCode.NOT_FOUND, e.code());
  }
}
