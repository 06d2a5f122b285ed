package dev.fogbank.shared.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.stack.StackEvent;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The stack events kept with a deployment in the control table (DynamoDB Local). */
@ExtendWith(DynamoDbLocalExtension.class)
class DeploymentStackEventsTest {
  private static final StackRef STACK = StackRef.of("123456789012", "eu-west-1", "orders");
  private static final Instant T0 = Instant.parse("2026-12-07T05:00:00Z");

  private DynamoDbDeploymentHistory history;
  private String id;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    id = "d-events-" + System.nanoTime();
    history.append(
        DeploymentRecord.requested(
            id, STACK, DeploymentSource.API, "alice", "ab".repeat(32), "memory:t", Map.of(),
            Map.of(), T0));
  }

  private static StackEvent event(int second, String logicalId, String status) {
    return new StackEvent(
        T0.plusSeconds(second), logicalId, "AWS::SQS::Queue", status, null,
        "https://sqs/" + logicalId, "e-" + second + "-" + logicalId + "-" + status);
  }

  private List<StackEvent> all() {
    List<StackEvent> seen = new ArrayList<>();
    String cursor = null;
    do {
      StackEventPage page = history.events(id, cursor, 100);
      seen.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor != null);
    return seen;
  }

  @Test
  void recordEvents_whenReadAgainWithOverlap_thenEachEventOnceOldestFirstAndNotInTheStackHistory() {
    StackEvent a = event(1, "orders", "CREATE_IN_PROGRESS");
    StackEvent b = event(2, "Queue", "CREATE_IN_PROGRESS");
    StackEvent c = event(3, "Queue", "CREATE_COMPLETE");
    StackEvent d = event(4, "orders", "CREATE_COMPLETE");

    history.recordEvents(id, List.of(b, a), false); // newest first, as CloudFormation pages
    history.recordEvents(id, List.of(d, c, b, a), false);

    assertEquals(List.of(a, b, c, d), all());
    assertFalse(history.eventsComplete(id));
    assertEquals(1, history.list(STACK, 10, null).items().size());
  }

  @Test
  void events_whenPagedOneByOne_thenCursorsWalkEveryEventOnce() {
    List<StackEvent> events = IntStream.range(0, 5).mapToObj(i -> event(i, "Q" + i, "X")).toList();
    history.recordEvents(id, events, true);

    List<StackEvent> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      StackEventPage page = history.events(id, cursor, 2);
      seen.addAll(page.items());
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null);

    assertEquals(events, seen);
    assertEquals(3, pages);
    assertThrows(InvalidRequestException.class, () -> history.events(id, "DEPLOY#x", 2));
  }

  @Test
  void recordEvents_whenComplete_thenNothingIsAppendedAfterwards() {
    history.recordEvents(id, List.of(event(1, "orders", "CREATE_COMPLETE")), true);

    history.recordEvents(id, List.of(event(9, "orders", "UPDATE_IN_PROGRESS")), false);

    assertTrue(history.eventsComplete(id));
    assertEquals(List.of(event(1, "orders", "CREATE_COMPLETE")), all());
  }

  @Test
  void recordEvents_whenOverTheCap_thenTheOldestAreKeptAndTruncatedIsNoted() {
    int cap = DeploymentHistory.MAX_STACK_EVENTS;
    List<StackEvent> first = IntStream.range(0, cap - 1).mapToObj(i -> event(i, "R", "S")).toList();
    history.recordEvents(id, first, false);
    assertFalse(history.events(id, null, 1).truncated());

    history.recordEvents(
        id, List.of(event(cap + 5, "R", "S"), event(cap - 1, "R", "S"), event(cap, "R", "S")),
        false);

    List<StackEvent> kept = all();
    assertEquals(cap, kept.size());
    assertEquals(event(cap - 1, "R", "S"), kept.getLast());
    assertTrue(history.events(id, null, 1).truncated());
    assertNull(history.events("d-none", null, 5).nextCursor());
  }
}
