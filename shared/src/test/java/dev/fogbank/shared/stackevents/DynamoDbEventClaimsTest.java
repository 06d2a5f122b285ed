package dev.fogbank.shared.stackevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbEventClaimsTest {
  private static final Instant T0 = Instant.parse("2026-11-21T22:41:09Z");
  private static final String ID = "c1f4e7a2-58d3-4b6e-9f0a-2d7c8b1e5a93";

  private DynamoDbClient dynamoDb;
  private String table;
  private DynamoDbEventClaims claims;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    this.claims = new DynamoDbEventClaims(dynamoDb, table);
  }

  @Test
  void claim_whenNew_thenTrueAndItemKeyedEventIdWithTtl() {
    assertTrue(claims.claim(claim(ID, T0)));

    Map<String, AttributeValue> item = item(ID);
    assertEquals("EVENT#" + ID, item.get(ControlTable.PK).s());
    assertEquals("EVENT#" + ID, item.get(ControlTable.SK).s());
    assertEquals(ID, item.get("eventId").s());
    assertEquals("stack orders UPDATE_ROLLBACK_FAILED", item.get("description").s());
    assertEquals(T0.toString(), item.get("claimedAt").s());
    assertEquals(
        Long.toString(T0.plus(Duration.ofDays(3)).getEpochSecond()),
        item.get(ControlTable.TTL).n());
  }

  @Test
  void claim_whenAlreadyClaimed_thenFalseAndFirstClaimKept() {
    claims.claim(claim(ID, T0));

    assertFalse(claims.claim(claim(ID, T0.plusSeconds(30))));
    assertEquals(T0.toString(), item(ID).get("claimedAt").s());
  }

  @Test
  void claim_whenOtherEvent_thenBothClaimed() {
    assertTrue(claims.claim(claim(ID, T0)));
    assertTrue(claims.claim(claim("other-event", T0)));
  }

  @Test
  void claim_whenManyDeliveriesRace_thenExactlyOneWins() throws Exception {
    int deliveries = 8;
    ExecutorService pool = Executors.newFixedThreadPool(deliveries);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < deliveries; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return claims.claim(claim(ID, T0));
                }));
      }
      start.countDown();
      int won = 0;
      for (Future<Boolean> result : results) {
        won += result.get() ? 1 : 0;
      }
      assertEquals(1, won);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void release_whenClaimed_thenItemGoneAndClaimableAgain() {
    claims.claim(claim(ID, T0));

    assertTrue(claims.release(ID));

    assertTrue(item(ID).isEmpty());
    assertTrue(claims.claim(claim(ID, T0)));
  }

  @Test
  void claim_whenTableMissing_thenInternalNamingEvent() {
    DynamoDbEventClaims missing = new DynamoDbEventClaims(dynamoDb, "no-such-table");

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> missing.claim(claim(ID, T0)));

    assertEquals(ErrorCode.INTERNAL, e.code());
    assertTrue(
        e.getMessage()
            .startsWith(
                "could not claim event " + ID + " (stack orders UPDATE_ROLLBACK_FAILED): DynamoDB"),
        e.getMessage());
  }

  @Test
  void release_whenTableMissing_thenFalseNotThrown() {
    assertFalse(new DynamoDbEventClaims(dynamoDb, "no-such-table").release(ID));
  }

  private static EventClaim claim(String id, Instant at) {
    return new EventClaim(
        id, "stack orders UPDATE_ROLLBACK_FAILED", at, T0.plus(Duration.ofDays(3)));
  }

  private Map<String, AttributeValue> item(String id) {
    return dynamoDb
        .getItem(r -> r.tableName(table).key(EventClaimTranslator.key(id)).consistentRead(true))
        .item();
  }
}
