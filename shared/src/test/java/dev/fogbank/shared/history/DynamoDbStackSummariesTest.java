package dev.fogbank.shared.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbStackSummariesTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "eu-west-1";
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private DynamoDbClient dynamoDb;
  private String table;
  private DynamoDbDeploymentHistory history;
  private DynamoDbStackSummaries summaries;
  private final Clock clock = Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC);

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    summaries = new DynamoDbStackSummaries(dynamoDb, table, ACCOUNT, REGION, clock);
  }

  @Test
  void list_whenDeploymentsArriveOutOfOrder_thenTheLatestRequestedIsShownWithItsStatus() {
    append("d-2", "web", T0.plusSeconds(60));
    append("d-1", "web", T0);
    append("d-3", "api", T0);
    history.transition("d-1", StatusChange.running(T0.plusSeconds(1)));
    history.transition("d-2", StatusChange.running(T0.plusSeconds(61)));

    List<StackSummary> list = summaries.list();

    assertEquals(List.of("api", "web"), list.stream().map(s -> s.stack().name()).toList());
    StackSummary web = list.get(1);
    assertEquals("d-2", web.latestDeploymentId());
    assertEquals(DeploymentStatus.RUNNING, web.latestStatus());
    assertEquals(T0.plusSeconds(60), web.requestedAt());
    assertEquals(DeploymentStatus.QUEUED, list.get(0).latestStatus());
  }

  @Test
  void page_whenAfterANameAndAFilter_thenTheNextKeptNamesInOrderAcrossQueries() {
    // 60 stacks: more than one Query of 25 items when the filter keeps every other one.
    for (int i = 0; i < 60; i++) {
      append("d-" + i, String.format("s%02d", i), T0.plusSeconds(i));
    }
    java.util.function.Predicate<StackSummary> even =
        s -> Integer.parseInt(s.stack().name().substring(1)) % 2 == 0;

    List<StackSummary> page = summaries.page("s09", 20, even);

    List<String> expected = new java.util.ArrayList<>();
    for (int i = 10; i < 50; i += 2) {
      expected.add(String.format("s%02d", i));
    }
    assertEquals(expected, page.stream().map(s -> s.stack().name()).toList());
    assertEquals("d-10", page.get(0).latestDeploymentId());
    assertEquals(List.of("s58"), summaries.page("s57", 5, even).stream()
        .map(s -> s.stack().name()).toList());
    assertEquals(List.of(), summaries.page("s58", 5, even));
  }

  @Test
  void list_whenLocked_thenTheLiveLockOnlyIsShown() {
    append("d-1", "web", T0);
    append("d-2", "api", T0);
    DynamoDbLockStore locks = new DynamoDbLockStore(dynamoDb, table, Clock.systemUTC());
    locks.acquire(stack("web"), "d-1", "d-1", Duration.ofHours(1), null);
    locks.acquire(
        stack("api"),
        "d-2",
        "d-2",
        Duration.ofSeconds(1),
        null);
    DynamoDbStackSummaries later =
        new DynamoDbStackSummaries(
            dynamoDb, table, ACCOUNT, REGION,
            Clock.fixed(Instant.now().plusSeconds(5), ZoneOffset.UTC));

    List<StackSummary> list = later.withLocks(later.list());
    assertNull(later.list().get(1).lock(), "list() reads no locks");

    assertNull(list.get(0).lock(), "api's lock expired");
    assertEquals("d-1", list.get(1).lock().deploymentId());
  }

  @Test
  void list_whenTableHasNoIndexItems_thenScansTheHistory() {
    append("d-1", "web", T0);
    append("d-2", "web", T0.plusSeconds(5));
    dynamoDb.deleteItem(
        r ->
            r.tableName(table)
                .key(
                    Map.of(
                        ControlTable.PK,
                        AttributeValue.fromS(ControlTable.STACKS_PREFIX + ACCOUNT + "#" + REGION),
                        ControlTable.SK,
                        AttributeValue.fromS("web"))));

    List<StackSummary> list = summaries.list();

    assertEquals(1, list.size());
    assertEquals("d-2", list.get(0).latestDeploymentId());
  }

  @Test
  void pageBefore_whenANameInTheMiddle_thenTheNearestEarlierNamesInOrder() {
    for (int i = 0; i < 30; i++) {
      append("d-" + i, String.format("s%02d", i), T0.plusSeconds(i));
    }

    assertEquals(List.of("s17", "s18", "s19"), names(summaries.pageBefore("s20", 3)));
    assertEquals(List.of("s00", "s01"), names(summaries.pageBefore("s02", 5)));
    assertEquals(List.of(), summaries.pageBefore("s00", 5));
    assertEquals("d-19", summaries.pageBefore("s20", 1).get(0).latestDeploymentId());
  }

  @Test
  void count_whenStacksCreatedAndRedeployed_thenEachStackCountedOnce() {
    append("d-1", "web", T0);
    append("d-2", "api", T0);
    append("d-3", "web", T0.plusSeconds(60));
    append("d-0", "web", T0.minusSeconds(60)); // older than the indexed one: index unchanged
    history.transition("d-3", StatusChange.running(T0.plusSeconds(61)));

    assertEquals(2, summaries.count());
    assertEquals(summaries.list().size(), summaries.count());
  }

  @Test
  void count_whenTheAppendIsRefused_thenNeitherTheIndexItemNorTheCountIsWritten() {
    append("d-1", "web", T0);
    // The same id for a new stack: the claim refuses the whole transaction, count included.
    org.junit.jupiter.api.Assertions.assertThrows(
        dev.fogbank.shared.error.InvalidRequestException.class,
        () -> append("d-1", "api", T0.plusSeconds(1)));

    assertEquals(List.of("web"), names(summaries.list()));
    assertEquals(1, summaries.count());
  }

  @Test
  void count_whenManyStacksCreatedAtOnce_thenEveryOneCountedExactlyOnce() throws Exception {
    // 40 new stacks from 8 threads, and each stack's first deployments racing each other.
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) {
        for (int d = 0; d < 2; d++) {
          String name = String.format("s%02d", i);
          String id = "d-" + i + "-" + d;
          Instant at = T0.plusSeconds(d);
          done.add(pool.submit(() -> append(id, name, at)));
        }
      }
      for (var f : done) {
        f.get();
      }
    }

    assertEquals(40, summaries.list().size());
    assertEquals(40, summaries.count());
    assertEquals("d-7-1", summaries.page("s06", 1, s -> true).get(0).latestDeploymentId());
  }

  @Test
  void count_whenIndexWrittenBeforeCounting_thenCountedOnceAndKeptRightByLaterWrites() {
    append("d-1", "web", T0);
    append("d-2", "api", T0);
    append("d-3", "db", T0);
    // As the index was before the count existed: no count item, no item marked counted.
    dynamoDb.deleteItem(r -> r.tableName(table).key(DeploymentRecordTranslator.countKey(
        ACCOUNT, REGION)));
    for (String name : List.of("web", "api", "db")) {
      dynamoDb.updateItem(r -> r.tableName(table)
          .key(DeploymentRecordTranslator.indexKey(stack(name)))
          .updateExpression("REMOVE " + DeploymentRecordTranslator.COUNTED));
    }

    assertEquals(3, summaries.count(), "the index items counted once");
    append("d-4", "web", T0.plusSeconds(60)); // an old stack deployed again
    append("d-5", "queue", T0.plusSeconds(60)); // a new one
    assertEquals(4, summaries.count());
    assertEquals(4, new DynamoDbStackSummaries(dynamoDb, table, ACCOUNT, REGION, clock).count());
    assertEquals(summaries.list().size(), summaries.count());
  }

  @Test
  void count_whenImported_thenTheImportedStacksCounted() {
    append("d-1", "web", T0);
    history.importAll(List.of(
        DeploymentRecord.requested("d-2", stack("web"), DeploymentSource.API, "alice",
            "ab".repeat(32), "s3://a/b", Map.of(), Map.of(), T0.plusSeconds(5)),
        DeploymentRecord.requested("d-3", stack("api"), DeploymentSource.API, "alice",
            "ab".repeat(32), "s3://a/b", Map.of(), Map.of(), T0)));

    assertEquals(2, summaries.count());
    assertEquals("d-2", summaries.list().get(1).latestDeploymentId());
  }

  @Test
  void count_whenTableHasNoIndexItems_thenTheScannedStacks() {
    append("d-1", "web", T0);
    dynamoDb.deleteItem(r -> r.tableName(table).key(DeploymentRecordTranslator.indexKey(
        stack("web"))));
    dynamoDb.deleteItem(r -> r.tableName(table).key(DeploymentRecordTranslator.countKey(
        ACCOUNT, REGION)));

    assertEquals(1, summaries.count());
    assertEquals(List.of("web"), names(summaries.pageBefore("x", 5)));
    assertEquals(List.of("web"), names(summaries.matching("WE", null, false, 5, s -> true)),
        "no index items: the Scan");
  }

  @Test
  void matching_whenPrefixInMixedCase_thenNamesStartingWithItInAnyCaseOnlyInByteOrder() {
    for (String name :
        List.of("App-1", "APP-2", "app-3", "aPp-4", "apple", "ap", "b-app-5", "Zeta", "apq-6")) {
      append("d-" + name, name, T0);
    }

    assertEquals(List.of("APP-2", "App-1", "aPp-4", "app-3"),
        names(summaries.matching("aPP-", null, false, 10, s -> true)));
    assertEquals(List.of("APP-2", "App-1"),
        names(summaries.matching("app-", null, false, 2, s -> true)), "the first two only");
    assertEquals(List.of("aPp-4", "app-3"),
        names(summaries.matching("APP-", "App-1", false, 10, s -> true)), "after a name");
    assertEquals(List.of("App-1", "aPp-4"),
        names(summaries.matching("APP-", "app-3", true, 2, s -> true)), "the two before it");
    assertEquals(List.of("APP-2", "App-1", "aPp-4", "ap", "app-3", "apple", "apq-6"),
        names(summaries.matching("ap", null, false, 10, s -> true)));
  }

  @Test
  void matching_whenPrefixLongerThanItsCasedRanges_thenNamesInsideTheBoundsButNotMatchingLeftOut() {
    // "ordeZ" sorts between "ordERS-API" and "orders-api\uffff": read, then left out.
    for (String name :
        List.of("orders-api-1", "ORDERS-API-2", "Orders-ApiX", "ordeZ", "orders-b", "ordersapi")) {
      append("d-" + name, name, T0);
    }

    assertEquals(List.of("ORDERS-API-2", "Orders-ApiX", "orders-api-1"),
        names(summaries.matching("orders-API", null, false, 10, s -> true)));
    assertEquals(8, DynamoDbStackSummaries.ranges("orders-API").size());
    assertEquals("ordERS-API", DynamoDbStackSummaries.ranges("orders-API").get(7)[0]);
    assertEquals(2, DynamoDbStackSummaries.ranges("1-a").size(), "digits have one case");
  }

  @Test
  void matching_whenAFilterAcrossQueriesAndRanges_thenPagedForwardAndBackward() {
    // 60 stacks, every other one kept: more than one Query of 25 items per page.
    for (int i = 0; i < 60; i++) {
      append("d-" + i, String.format("s%02d", i), T0.plusSeconds(i));
    }
    append("d-u1", "S70", T0);
    append("d-u2", "S71", T0);
    java.util.function.Predicate<StackSummary> even =
        s -> Integer.parseInt(s.stack().name().substring(1)) % 2 == 0;

    List<String> expected = new java.util.ArrayList<>();
    for (int i = 10; i < 50; i += 2) {
      expected.add(String.format("s%02d", i));
    }
    assertEquals(expected, names(summaries.matching(null, "s09", false, 20, even)));
    assertEquals(expected, names(summaries.matching("S", "s09", false, 20, even)));
    assertEquals(List.of("s40", "s42", "s44", "s46", "s48"),
        names(summaries.matching("s", "s50", true, 5, even)));
    assertEquals(List.of("S70", "s00", "s02"),
        names(summaries.matching("s", null, false, 3, even)), "the upper-case range first");
    assertEquals(List.of("S70", "s00"), names(summaries.matching("s", "s02", true, 5, even)),
        "backward into the upper-case range");
    assertEquals("d-10", summaries.matching("s1", null, false, 1, even).get(0).latestDeploymentId());
    // Without a prefix the filter reads names and statuses only; the rows come back whole.
    StackSummary row = summaries.matching(null, "s09", false, 20, even).get(0);
    assertEquals("d-10", row.latestDeploymentId());
    assertEquals(T0.plusSeconds(10), row.requestedAt());
    assertEquals(summaries.matching("s1", null, false, 1, even).get(0), row);
  }

  @Test
  void matching_whenNothingMatches_thenEmpty() {
    for (int i = 0; i < 30; i++) {
      append("d-" + i, String.format("s%02d", i), T0);
    }

    assertEquals(List.of(), summaries.matching("zz", null, false, 10, s -> true));
    assertEquals(List.of(), summaries.matching("s", "s29", false, 10, s -> true));
    assertEquals(List.of(), summaries.matching("s", "s00", true, 10, s -> true));
    assertEquals(List.of(), summaries.matching(null, null, false, 10, s -> false));
    assertEquals(List.of(), summaries.matching("s_", null, false, 10, s -> true),
        "a character no stack name has");
  }

  private static List<String> names(List<StackSummary> list) {
    return list.stream().map(s -> s.stack().name()).toList();
  }

  private void append(String id, String name, Instant at) {
    history.append(
        DeploymentRecord.requested(
            id, stack(name), DeploymentSource.API, "alice", "ab".repeat(32), "s3://a/b",
            Map.of(), Map.of(), at));
  }

  private static StackRef stack(String name) {
    return StackRef.of(ACCOUNT, REGION, name);
  }
}
