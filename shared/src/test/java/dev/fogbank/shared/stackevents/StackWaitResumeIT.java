package dev.fogbank.shared.stackevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.execution.SfnDeploymentResumer;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import dev.fogbank.shared.testing.FaultInjector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessRequest;

/**
 * The event path of WaitForStack: the stack-events intake reads the waiting deployment's task token
 * from the stack's lock (DynamoDB Local) and completes it with Step Functions' SendTaskSuccess
 * (moto; moto 5.2.1 accepts any token, so Step Functions' refusal of a closed one is injected).
 * Events are AWS's documented "CloudFormation Stack Status Change" example.
 */
@ExtendWith({DynamoDbLocalExtension.class, AwsEndpointExtension.class})
class StackWaitResumeIT {
  private static final Instant NOW = Instant.parse("2017-12-22T18:40:00Z");
  /** The stack of AWS's documented example event. */
  private static final StackRef STACK = StackRef.of("111122223333", "us-west-1", "teststack");

  private final FaultInjector faults = new FaultInjector();
  private final List<SendTaskSuccessRequest> sent = new CopyOnWriteArrayList<>();
  private final List<DeploymentEvent> notified = new CopyOnWriteArrayList<>();
  private AwsClientFactory clients;
  private DynamoDbLockStore locks;
  private StackStatusIntake intake;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table, AwsEndpoint aws) {
    ExecutionInterceptor recorder =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof SendTaskSuccessRequest request) {
              sent.add(request);
            }
          }
        };
    clients = aws.clients(faults, recorder);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    locks = new DynamoDbLockStore(dynamoDb, table, clock);
    Notifier notifier =
        new Notifier() {
          @Override
          public void notify(DeploymentEvent event) {
            notified.add(event);
          }
        };
    intake =
        new StackStatusIntake(
            new DynamoDbEventClaims(dynamoDb, table),
            notifier,
            locks,
            new SfnDeploymentResumer(clients.sfn()),
            clock);
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  private void deploymentWaits(String token) {
    assertTrue(locks.acquire(STACK, "test", "d-1", Duration.ofHours(2)).acquired());
    assertTrue(locks.recordWait(STACK, "d-1", token));
  }

  @Test
  void accept_whenDocumentedCreateCompleteAndDeploymentWaits_thenItsTaskResumedWithTheStatus() {
    deploymentWaits("token-of-d-1");

    StackStatusOutcome outcome =
        intake.accept(StackEventFixtures.event(StackEventFixtures.DOCUMENTED));

    assertEquals(StackStatusOutcome.RESUMED, outcome);
    assertEquals(1, sent.size());
    assertEquals("token-of-d-1", sent.getFirst().taskToken());
    JsonNode output = json(sent.getFirst().output());
    assertEquals("CREATE_COMPLETE", output.path("status").asText());
    assertEquals("6a7e8feb-b491-4cf7-a9f1-bf3703467718", output.path("eventId").asText());
  }

  @Test
  void accept_whenSameEventDeliveredTwice_thenResumedOnce() {
    deploymentWaits("token-of-d-1");
    StackStatusEvent event = StackEventFixtures.event(StackEventFixtures.DOCUMENTED);

    intake.accept(event);
    StackStatusOutcome second = intake.accept(event);

    assertEquals(StackStatusOutcome.DUPLICATE, second);
    assertEquals(1, sent.size());
  }

  @Test
  void accept_whenStatusStillInProgress_thenNothingResumed() {
    deploymentWaits("token-of-d-1");
    JsonNode event = StackEventFixtures.load(StackEventFixtures.DOCUMENTED);
    ((com.fasterxml.jackson.databind.node.ObjectNode) event.at("/detail/status-details"))
        .put("status", "UPDATE_IN_PROGRESS");

    StackStatusOutcome outcome = intake.accept(StackStatusEventReader.read(event));

    assertEquals(StackStatusOutcome.RECORDED, outcome);
    assertTrue(sent.isEmpty(), sent::toString);
  }

  @Test
  void accept_whenNoDeploymentWaitsOnTheStack_thenRecordedOnly() {
    StackStatusOutcome outcome =
        intake.accept(StackEventFixtures.event(StackEventFixtures.DOCUMENTED));

    assertEquals(StackStatusOutcome.RECORDED, outcome);
    assertTrue(sent.isEmpty());
  }

  @Test
  void accept_whenStepFunctionsSaysTaskTimedOut_thenEventIsStillHandled() {
    // Stands in for Step Functions refusing a token whose wait already ended (its heartbeat fell
    // back to CheckStack): HTTP 400 TaskTimedOut.
    faults.failNext("SendTaskSuccess", 1, 400, "TaskTimedOut", "Task Timed Out: 'token'");
    deploymentWaits("stale-token");

    StackStatusOutcome outcome =
        intake.accept(StackEventFixtures.event(StackEventFixtures.DOCUMENTED));

    assertEquals(StackStatusOutcome.RECORDED, outcome);
    assertEquals(1, faults.attempts("SendTaskSuccess"));
  }

  @Test
  void accept_whenStepFunctionsUnavailable_thenFailsAndGivesTheClaimBackForTheRetry() {
    // Stands in for a Step Functions outage (HTTP 500) while the event is handled.
    faults.internalFailureNext("SendTaskSuccess", FaultInjector.ALWAYS);
    deploymentWaits("token-of-d-1");
    StackStatusEvent event = StackEventFixtures.event(StackEventFixtures.DOCUMENTED);

    assertThrows(AwsUnavailableException.class, () -> intake.accept(event));
    faults.clear();
    StackStatusOutcome retried = intake.accept(event);

    assertEquals(StackStatusOutcome.RESUMED, retried);
  }

  @Test
  void accept_whenUpdateRollbackFailed_thenResumedAndNotified() {
    StackStatusEvent failed = StackEventFixtures.event(StackEventFixtures.ROLLBACK_FAILED);
    StackRef stack = StackRef.of(failed.account(), failed.region(), failed.stackName());
    assertTrue(locks.acquire(stack, "test", "d-2", Duration.ofHours(2)).acquired());
    assertTrue(locks.recordWait(stack, "d-2", "token-of-d-2"));

    StackStatusOutcome outcome = intake.accept(failed);

    assertEquals(StackStatusOutcome.NOTIFIED, outcome);
    assertEquals("token-of-d-2", sent.getFirst().taskToken());
    assertEquals(1, notified.size());
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
