package dev.fogbank.shared.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
class DynamoDbLockStoreTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Duration TTL = Duration.ofMinutes(30);
  private static final StackRef STACK = StackRef.of("123456789012", "eu-west-1", "orders");

  private DynamoDbClient dynamoDb;
  private String table;
  private DynamoDbLockStore store;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    this.store = storeAt(T0);
  }

  private DynamoDbLockStore storeAt(Instant now) {
    return new DynamoDbLockStore(dynamoDb, table, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void acquire_whenStackFree_thenAcquiresUntilClockPlusTtl() {
    LockResult result = store.acquire(STACK, "drop-fn", "d-1", TTL);

    assertTrue(result.acquired());
    assertEquals(new StackLock(STACK, "drop-fn", "d-1", T0, T0.plus(TTL)), result.lock());
    assertEquals(Optional.of(result.lock()), store.read(STACK));
  }

  @Test
  void acquire_whenReasonGiven_thenReadBackWithTheLockAndGoneWhenTakenAgainWithout() {
    LockResult manual = store.acquire(STACK, "manual/alice", "manual/alice", TTL, "freeze");

    assertEquals("freeze", manual.lock().reason());
    assertEquals("freeze", store.read(STACK).orElseThrow().reason());

    store.acquire(STACK, "manual/alice", "manual/alice", TTL);

    assertEquals(null, store.read(STACK).orElseThrow().reason());
  }

  @Test
  void acquire_whenStored_thenItemCarriesMillisForConditionAndTtlOneDayAfterExpiry() {
    store.acquire(STACK, "drop-fn", "d-1", TTL);

    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                r ->
                    r.tableName(table)
                        .key(
                            Map.of(
                                "pk", AttributeValue.fromS(STACK.partitionKey()),
                                "sk", AttributeValue.fromS("LOCK"))))
            .item();
    Instant expiresAt = T0.plus(TTL);
    assertEquals(Long.toString(expiresAt.toEpochMilli()), item.get("expiresAtMillis").n());
    assertEquals(
        Long.toString(expiresAt.plus(Duration.ofDays(1)).getEpochSecond()),
        item.get(ControlTable.TTL).n());
    assertEquals(expiresAt.toString(), item.get("expiresAt").s());
    assertEquals("d-1", item.get("deploymentId").s());
  }

  @Test
  void acquire_whenHeldByAnotherDeployment_thenReturnsTheHolder() {
    store.acquire(STACK, "drop-fn", "d-1", TTL);

    LockResult second = storeAt(T0.plusSeconds(60)).acquire(STACK, "api-fn", "d-2", TTL);

    assertFalse(second.acquired());
    assertEquals(new StackLock(STACK, "drop-fn", "d-1", T0, T0.plus(TTL)), second.lock());
  }

  @Test
  void acquire_whenHoldersLockExpired_thenAnotherDeploymentTakesOver() {
    store.acquire(STACK, "drop-fn", "d-1", TTL);
    Instant later = T0.plus(TTL).plusSeconds(1);

    LockResult takeover = storeAt(later).acquire(STACK, "api-fn", "d-2", TTL);

    assertTrue(takeover.acquired());
    assertEquals("d-2", takeover.lock().deploymentId());
    assertEquals(later.plus(TTL), takeover.lock().expiresAt());
    assertEquals("d-2", storeAt(later).read(STACK).orElseThrow().deploymentId());
  }

  @Test
  void ownerComesBackAfterLosingItsLock_whenItReleasesRenewsOrWaits_thenNewOwnersLockUntouched() {
    // d-1's owner died (a Lambda timed out, a host was killed) holding the lock: nobody may take
    // it before it expires, d-2 takes it after; then d-1's owner comes back, late, and does what
    // it was about to do. Each decision is DynamoDB's condition expression, not a clock check.
    store.acquire(STACK, "drop-fn", "d-1", TTL);
    Instant beforeExpiry = T0.plus(TTL).minusSeconds(1);
    assertFalse(storeAt(beforeExpiry).acquire(STACK, "api-fn", "d-2", TTL).acquired());
    Instant takeover = T0.plus(TTL).plusSeconds(5);
    LockResult taken = storeAt(takeover).acquire(STACK, "api-fn", "d-2", TTL);
    assertTrue(taken.acquired());
    StackLock newOwners = taken.lock();

    Instant comeback = takeover.plusSeconds(10);
    DynamoDbLockStore oldOwner = storeAt(comeback);
    assertFalse(oldOwner.release(STACK, "d-1"), "releasing a lock it lost");
    LockResult renew = oldOwner.acquire(STACK, "drop-fn", "d-1", TTL);
    assertFalse(renew.acquired(), "re-entrant acquire is for the holder only");
    assertEquals(newOwners, renew.lock());
    assertFalse(oldOwner.recordWait(STACK, "d-1", "token-of-d-1"), "recording its stack wait");
    assertFalse(oldOwner.renew(STACK, "d-1", TTL), "confirming it before ExecuteChangeSet");

    assertEquals(Optional.of(newOwners), storeAt(comeback).read(STACK));
    assertTrue(storeAt(comeback).release(STACK, "d-2"), "the new owner still releases its own");
    assertFalse(storeAt(comeback).renew(STACK, "d-1", TTL), "nor once the lock is free again");
    assertEquals(Optional.empty(), storeAt(comeback).read(STACK));
  }

  @Test
  void renew_whenStillTheHolder_thenExtendedFromNowEvenPastExpiry() {
    store.acquire(STACK, "drop-fn", "d-1", TTL);
    Instant late = T0.plus(TTL).plusSeconds(5); // expired, but nobody took it over
    assertTrue(storeAt(late).renew(STACK, "d-1", TTL));
    StackLock renewed = storeAt(late).read(STACK).orElseThrow();
    assertEquals(new StackLock(STACK, "drop-fn", "d-1", T0, late.plus(TTL)), renewed);
    assertFalse(
        storeAt(late.plusSeconds(1)).acquire(STACK, "api-fn", "d-2", TTL).acquired(),
        "the renewed expiry is the one the acquire condition compares");
  }

  @Test
  void acquire_whenExactlyAtExpiry_thenLockCountsAsFree() {
    store.acquire(STACK, "drop-fn", "d-1", TTL);

    // StackLock.isExpiredAt treats expiresAt itself as expired; the condition must agree.
    assertTrue(storeAt(T0.plus(TTL)).acquire(STACK, "api-fn", "d-2", TTL).acquired());
  }

  @Test
  void acquire_whenOneMilliBeforeExpiry_thenStillHeld() {
    store.acquire(STACK, "drop-fn", "d-1", TTL);

    LockResult result = storeAt(T0.plus(TTL).minusMillis(1)).acquire(STACK, "api-fn", "d-2", TTL);

    assertFalse(result.acquired());
    assertEquals("d-1", result.lock().deploymentId());
  }

  @Test
  void acquire_whenSameDeploymentAcquiresAgain_thenSucceedsAndExtendsExpiry() {
    store.acquire(STACK, "drop-fn", "d-1", TTL);
    Instant retryAt = T0.plusSeconds(120);

    LockResult again = storeAt(retryAt).acquire(STACK, "drop-fn", "d-1", TTL);

    assertTrue(again.acquired());
    assertEquals(retryAt.plus(TTL), storeAt(retryAt).read(STACK).orElseThrow().expiresAt());
  }

  @Test
  void acquire_whenOtherStackLocked_thenStacksAreIndependent() {
    store.acquire(STACK, "drop-fn", "d-1", TTL);
    StackRef sameNameOtherRegion = StackRef.of("123456789012", "us-east-1", "orders");

    assertTrue(store.acquire(sameNameOtherRegion, "drop-fn", "d-2", TTL).acquired());
  }

  @Test
  void acquire_whenEightThreadsRace_thenExactlyOneWins() throws Exception {
    int threads = 8;
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<LockResult>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String deploymentId = "race-" + i;
        results.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return store.acquire(STACK, "worker", deploymentId, TTL);
                }));
      }
      ready.await();
      go.countDown();

      List<String> winners = new ArrayList<>();
      List<String> holdersSeenByLosers = new ArrayList<>();
      for (Future<LockResult> future : results) {
        LockResult result = future.get();
        if (result.acquired()) {
          winners.add(result.lock().deploymentId());
        } else {
          holdersSeenByLosers.add(result.lock().deploymentId());
        }
      }
      assertEquals(1, winners.size(), "winners: " + winners);
      String winner = winners.getFirst();
      assertEquals(threads - 1, holdersSeenByLosers.size());
      assertTrue(
          holdersSeenByLosers.stream().allMatch(winner::equals), holdersSeenByLosers::toString);
      assertEquals(winner, store.read(STACK).orElseThrow().deploymentId());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void acquire_whenTtlNotPositive_thenInvalidRequest() {
    assertThrows(
        InvalidRequestException.class, () -> store.acquire(STACK, "o", "d-1", Duration.ZERO));
    assertThrows(InvalidRequestException.class, () -> store.acquire(STACK, " ", "d-1", TTL));
    assertTrue(store.read(STACK).isEmpty());
  }

  @Test
  void release_whenHolderReleases_thenStackIsFree() {
    store.acquire(STACK, "drop-fn", "d-1", TTL);

    assertTrue(store.release(STACK, "d-1"));

    assertTrue(store.read(STACK).isEmpty());
    assertTrue(store.acquire(STACK, "api-fn", "d-2", TTL).acquired());
  }

  @Test
  void release_whenNotTheHolder_thenRefusedAndLockKept() {
    store.acquire(STACK, "drop-fn", "d-1", TTL);

    assertFalse(store.release(STACK, "d-2"));

    assertEquals("d-1", store.read(STACK).orElseThrow().deploymentId());
  }

  @Test
  void release_whenNoLock_thenReturnsFalse() {
    assertFalse(store.release(STACK, "d-1"));
  }

  @Test
  void forceRelease_whenHeld_thenRemovesAndReturnsTheLock() {
    LockResult held = store.acquire(STACK, "drop-fn", "d-1", TTL);

    Optional<StackLock> removed = store.forceRelease(STACK);

    assertEquals(Optional.of(held.lock()), removed);
    assertTrue(store.read(STACK).isEmpty());
    assertTrue(store.acquire(STACK, "api-fn", "d-2", TTL).acquired());
  }

  @Test
  void forceRelease_whenNoLock_thenEmpty() {
    assertEquals(Optional.empty(), store.forceRelease(STACK));
  }

  @Test
  void read_whenLockExpired_thenAbsent() {
    store.acquire(STACK, "drop-fn", "d-1", TTL);

    assertTrue(storeAt(T0.plus(TTL)).read(STACK).isEmpty());
    assertTrue(storeAt(T0.plus(TTL).minusMillis(1)).read(STACK).isPresent());
  }

  @Test
  void recordWait_whenDeploymentHoldsLock_thenTokenReadBackWithTheLock() {
    store.acquire(STACK, "drop-fn", "d-1", TTL);

    assertTrue(store.recordWait(STACK, "d-1", "token-1"));
    assertTrue(store.recordWait(STACK, "d-1", "token-2"));

    assertEquals("token-2", store.read(STACK).orElseThrow().waitToken());
  }

  @Test
  void recordWait_whenAnotherDeploymentHoldsLockOrNoneDoes_thenNothingRecorded() {
    assertFalse(store.recordWait(STACK, "d-1", "token-1"));
    store.acquire(STACK, "drop-fn", "d-2", TTL);

    assertFalse(store.recordWait(STACK, "d-1", "token-1"));

    assertEquals(null, store.read(STACK).orElseThrow().waitToken());
  }

  @Test
  void recordWait_whenOwnLockExpired_thenNothingRecorded() {
    store.acquire(STACK, "drop-fn", "d-1", TTL);

    assertFalse(storeAt(T0.plus(TTL)).recordWait(STACK, "d-1", "token-1"));
  }

  @Test
  void acquire_whenSameDeploymentAcquiresAgain_thenWaitTokenIsGone() {
    store.acquire(STACK, "drop-fn", "d-1", TTL);
    store.recordWait(STACK, "d-1", "token-1");

    store.acquire(STACK, "drop-fn", "d-1", TTL);

    assertEquals(null, store.read(STACK).orElseThrow().waitToken());
  }

  @Test
  void acquire_whenTableMissing_thenInternalNotOutageNamingStackAndDeployment() {
    // 400 ResourceNotFoundException: DynamoDB refusing the call, not an outage to retry.
    DynamoDbLockStore broken =
        new DynamoDbLockStore(dynamoDb, "no-such-table", Clock.fixed(T0, ZoneOffset.UTC));

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> broken.acquire(STACK, "o", "d-9", TTL));

    assertEquals(ErrorCode.INTERNAL, e.code());
    assertTrue(e.getMessage().contains(STACK.partitionKey()), e.getMessage());
    assertTrue(e.getMessage().contains("d-9"), e.getMessage());
    assertTrue(e.getMessage().contains("ResourceNotFoundException"), e.getMessage());
    assertFalse(e.getMessage().contains(e.getCause().getMessage()), e.getMessage());
  }
}
