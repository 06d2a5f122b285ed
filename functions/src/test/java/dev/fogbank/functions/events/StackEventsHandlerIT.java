package dev.fogbank.functions.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.fogbank.functions.slack.SlackHandler;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.execution.SfnDeploymentResumer;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.SlackMessageRenderer;
import dev.fogbank.shared.notify.SnsNotifier;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.stackevents.DynamoDbEventClaims;
import dev.fogbank.shared.stackevents.StackStatusIntake;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.FaultInjector;
import fogbank.FunctionFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * The stack-events function as EventBridge invokes it, through the real SDK: event claims in the
 * control table on DynamoDB Local, notifications on a topic of the emulator's SNS, delivered (on
 * moto) to an HTTP subscriber and read back by the slack function's handler.
 */
@ExtendWith({AwsEndpointExtension.class, DynamoDbLocalExtension.class})
class StackEventsHandlerIT {
  private static final String ROLLBACK_FAILED_ID = "c1f4e7a2-58d3-4b6e-9f0a-2d7c8b1e5a93";
  private static final String UPDATE_COMPLETE_ID = "8d2b6f14-0e9c-4a7b-b3d5-71c0e4a9f286";

  private final FaultInjector faults = new FaultInjector();
  private final PublishRecorder recorder = new PublishRecorder();
  private AwsClientFactory clients;
  private DynamoDbClient dynamoDb;
  private String table;
  private TopicSubscriber subscriber;
  private StackEventsHandler handler;

  @BeforeEach
  void setUp(AwsEndpoint aws, DynamoDbClient dynamoDb, @ControlTableName String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    clients = aws.clients(faults, recorder);
    String topicArn = clients.sns().createTopic(r -> r.name("fogbank-events")).topicArn();
    if (aws.kind() == AwsEndpoint.Kind.MOTO) {
      subscriber = TopicSubscriber.subscribe(clients.sns(), topicArn);
    }
    handler =
        new StackEventsHandler(
            new StackStatusIntake(
                new DynamoDbEventClaims(dynamoDb, table),
                new SnsNotifier(clients.sns(), topicArn),
                new DynamoDbLockStore(dynamoDb, table, Clock.systemUTC()),
                new SfnDeploymentResumer(clients.sfn()),
                Clock.systemUTC()));
  }

  @AfterEach
  void tearDown() {
    if (subscriber != null) {
      subscriber.close();
    }
    clients.close();
  }

  @Test
  void rollbackFailedDeliveredTwice_thenExactlyOneMessageOnTheTopic() {
    Instant before = Instant.now();

    String first = handle(StackStatusEvents.ROLLBACK_FAILED);
    String second = handle(StackStatusEvents.ROLLBACK_FAILED);

    assertEquals("NOTIFIED", first);
    assertEquals("DUPLICATE", second);
    List<PublishRequest> published = recorder.published();
    assertEquals(1, published.size(), "SNS Publish calls");
    assertEquals("fogbank STACK_NEEDS_ATTENTION orders", published.getFirst().subject());
    Map<String, AttributeValue> claim = claim(ROLLBACK_FAILED_ID);
    assertEquals("EVENT#" + ROLLBACK_FAILED_ID, claim.get(ControlTable.SK).s());
    long ttl = Long.parseLong(claim.get(ControlTable.TTL).n());
    long expected = before.plus(Duration.ofDays(3)).getEpochSecond();
    assertTrue(ttl >= expected && ttl <= expected + 120, "ttl three days ahead: " + ttl);
    if (subscriber != null) {
      assertEquals(1, subscriber.notifications().size(), "notifications delivered by the topic");
    }
  }

  @Test
  void rollbackFailed_thenSlackFunctionRendersWhatTheTopicDelivers() throws Exception {
    handle(StackStatusEvents.ROLLBACK_FAILED);

    // What a subscriber receives: moto's delivery when it is moto, else what SNS accepted.
    String message =
        subscriber != null
            ? subscriber.notifications().getFirst().path("Message").asText()
            : recorder.published().getFirst().message();
    List<DeploymentEvent> read = new ArrayList<>();
    int delivered = new SlackHandler(read::add).handleRequest(snsEvent(message), null);

    assertEquals(1, delivered);
    DeploymentEvent event = read.getFirst();
    assertEquals(DeploymentEvent.Kind.STACK_NEEDS_ATTENTION, event.kind());
    String text = new SlackMessageRenderer().toTree(event).path("text").asText();
    assertEquals(
        ":rotating_light: orders needs attention: UPDATE_ROLLBACK_FAILED — The following"
            + " resource(s) failed to update: [OrdersTable]. (account 123456789012, eu-west-1)",
        text);
    String blocks = new SlackMessageRenderer().toTree(event).path("blocks").toString();
    assertTrue(
        blocks.contains(
            "<https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1"
                + "#/stacks/stackinfo?stackId=arn%3Aaws%3Acloudformation%3Aeu-west-1%3A"
                + "123456789012%3Astack%2Forders%2F5b0f7e40-c7a1-11f0-8de9-0a1b2c3d4e5f"
                + "|Open the stack in the CloudFormation console>"),
        blocks);
    assertTrue(blocks.contains("ContinueUpdateRollback"), blocks);
  }

  @Test
  void sameEventDeliveredConcurrently_thenOneNotification() throws Exception {
    int deliveries = 6;
    ExecutorService pool = Executors.newFixedThreadPool(deliveries);
    List<String> outcomes = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < deliveries; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return handle(StackStatusEvents.ROLLBACK_FAILED);
                }));
      }
      start.countDown();
      for (Future<String> result : results) {
        outcomes.add(result.get());
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(1, outcomes.stream().filter("NOTIFIED"::equals).count(), outcomes.toString());
    assertEquals(deliveries - 1, outcomes.stream().filter("DUPLICATE"::equals).count());
    assertEquals(1, recorder.published().size());
  }

  @Test
  void updateComplete_thenClaimedAndNothingPublished() {
    assertEquals("RECORDED", handle(StackStatusEvents.UPDATE_COMPLETE));
    assertEquals("DUPLICATE", handle(StackStatusEvents.UPDATE_COMPLETE));

    assertTrue(recorder.published().isEmpty());
    assertEquals(
        "CloudFormation stack arn:aws:cloudformation:eu-west-1:123456789012:stack/orders/"
            + "5b0f7e40-c7a1-11f0-8de9-0a1b2c3d4e5f UPDATE_COMPLETE",
        claim(UPDATE_COMPLETE_ID).get("description").s());
    if (subscriber != null) {
      assertTrue(subscriber.notifications().isEmpty());
    }
  }

  @Test
  void updateComplete_whenDeploymentWaitsOnTheStack_thenResumedThroughStepFunctions() {
    StackRef orders = StackRef.of("123456789012", "eu-west-1", "orders");
    DynamoDbLockStore locks = new DynamoDbLockStore(dynamoDb, table, Clock.systemUTC());
    assertTrue(locks.acquire(orders, "test", "d-1", Duration.ofHours(1)).acquired());
    assertTrue(locks.recordWait(orders, "d-1", "token-of-d-1"));

    assertEquals("RESUMED", handle(StackStatusEvents.UPDATE_COMPLETE));

    assertEquals(1, faults.attempts("SendTaskSuccess"));
    assertTrue(recorder.published().isEmpty());
  }

  @Test
  void badInput_thenRejectedClearlyAndNothingClaimedOrPublished() {
    FunctionFailure notJson =
        assertThrows(
            FunctionFailure.class,
            () -> handler.handle(StackStatusEvents.text("<Event>not json</Event>")));
    FunctionFailure resourceEvent =
        assertThrows(
            FunctionFailure.class,
            () -> handler.handle(StackStatusEvents.stream(StackStatusEvents.RESOURCE_STATUS)));

    assertEquals(ErrorCode.INVALID_REQUEST, notJson.code());

    assertEquals("fogbank.INVALID_REQUEST", notJson.getClass().getName());
    assertEquals(
        "not a usable CloudFormation Stack Status Change event: the input is" + " not JSON",
        notJson.getMessage());
    assertTrue(
        resourceEvent
            .getMessage()
            .contains("detail-type is 'CloudFormation Resource Status Change'"),
        resourceEvent.getMessage());
    assertEquals(0, dynamoDb.scan(r -> r.tableName(table)).count(), "items in the table");
    assertTrue(recorder.published().isEmpty());
  }

  @Test
  void snsOutage_thenFailsForRetryClaimGivenBackAndRedeliveryNotifiesOnce() {
    // Stands in for an SNS outage that outlasts the SDK's retries (HTTP 500 on every attempt).
    faults.internalFailureNext("Publish", FaultInjector.ALWAYS);

    FunctionFailure e =
        assertThrows(
            FunctionFailure.class,
            () -> handler.handle(StackStatusEvents.stream(StackStatusEvents.ROLLBACK_FAILED)));

    assertEquals(ErrorCode.AWS_UNAVAILABLE, e.code());

    assertEquals("fogbank.AWS_UNAVAILABLE", e.getClass().getName());
    assertTrue(e.getMessage().endsWith("so a redelivery notifies"), e.getMessage());
    assertTrue(claim(ROLLBACK_FAILED_ID).isEmpty(), "claim given back");

    faults.clear(); // SNS is back; Lambda retries the event
    assertEquals("NOTIFIED", handle(StackStatusEvents.ROLLBACK_FAILED));
    assertEquals("DUPLICATE", handle(StackStatusEvents.ROLLBACK_FAILED));
    assertEquals(1, recorder.published().size());
  }

  private String handle(String fixture) {
    return handler.handle(StackStatusEvents.stream(fixture)).outcome();
  }

  private Map<String, AttributeValue> claim(String eventId) {
    AttributeValue key = AttributeValue.fromS("EVENT#" + eventId);
    return dynamoDb
        .getItem(
            r ->
                r.tableName(table)
                    .key(Map.of(ControlTable.PK, key, ControlTable.SK, key))
                    .consistentRead(true))
        .item();
  }

  private static SNSEvent snsEvent(String message) {
    return new SNSEvent()
        .withRecords(
            List.of(
                new SNSEvent.SNSRecord()
                    .withEventSource("aws:sns")
                    .withSns(new SNSEvent.SNS().withMessageId("m-1").withMessage(message))));
  }
}
