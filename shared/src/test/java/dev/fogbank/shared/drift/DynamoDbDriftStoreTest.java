package dev.fogbank.shared.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The drift records and the managed-stack listing on DynamoDB Local. */
@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbDriftStoreTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "eu-west-1";
  private static final StackRef ORDERS = StackRef.of(ACCOUNT, REGION, "orders");
  private static final Instant T0 = Instant.parse("2026-11-21T03:00:00Z");

  private DynamoDbClient dynamoDb;
  private String table;
  private DynamoDbDriftRecords records;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    this.records = new DynamoDbDriftRecords(dynamoDb, table);
  }

  private static DriftReport report(Instant at, DriftStatus status, boolean alerted) {
    List<ResourceDrift> drifts =
        status == DriftStatus.DRIFTED
            ? List.of(
                new ResourceDrift("Queue", "AWS::SQS::Queue", "MODIFIED"),
                new ResourceDrift("Topic", "AWS::SNS::Topic", "DELETED"))
            : List.of();
    return new DriftReport(
        ORDERS, at, status, drifts.size(), drifts, "det-" + at.getEpochSecond(), null, alerted);
  }

  @Test
  void record_thenDriftItemUnderTheStackPartitionReadsBackEqual() {
    DriftReport drifted = report(T0, DriftStatus.DRIFTED, true);

    records.record(drifted);

    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                r ->
                    r.tableName(table)
                        .key(
                            Map.of(
                                ControlTable.PK,
                                AttributeValue.fromS("STACK#123456789012#eu-west-1#orders"),
                                ControlTable.SK,
                                AttributeValue.fromS("DRIFT#2026-11-21T03:00:00.000000000Z"))))
            .item();
    assertEquals("DRIFTED", item.get("status").s());
    assertEquals("2", item.get("driftedCount").n());
    assertEquals("Queue", item.get("drifts").l().get(0).m().get("logicalId").s());
    assertEquals("DELETED", item.get("drifts").l().get(1).m().get("difference").s());
    assertEquals(drifted, records.latestConclusive(ORDERS).orElseThrow());
  }

  @Test
  void history_whenALaterRecordHasAFractionOfASecond_thenItComesFirst() {
    DriftReport whole = report(T0, DriftStatus.IN_SYNC, true);
    DriftReport later = report(T0.plusMillis(500), DriftStatus.DRIFTED, true);
    records.record(whole);
    records.record(later);

    assertEquals(List.of(later, whole), records.history(ORDERS, 2));
    assertEquals(later, records.latestConclusive(ORDERS).orElseThrow());
  }

  @Test
  void latest_whenRecordsArriveOutOfOrder_thenTheNewestRecordWithoutItsExcerpt() {
    // A half second after T0 is later, though its ISO text sorts before T0's ("00.500Z" < "00Z").
    DriftReport later = report(T0.plusMillis(500), DriftStatus.DRIFTED, true);
    records.record(later);
    records.record(report(T0, DriftStatus.IN_SYNC, false));

    DriftReport latest = records.latest(List.of(ORDERS)).get("orders");

    assertEquals(T0.plusMillis(500), latest.at());
    assertEquals(DriftStatus.DRIFTED, latest.status());
    assertEquals(2, latest.driftedCount());
    assertEquals(later.detectionId(), latest.detectionId());
    assertEquals(List.of(), latest.excerpt(), "the summary leaves the excerpt to the record");

    records.record(report(T0.plusSeconds(3600), DriftStatus.IN_SYNC, false));
    assertEquals(
        DriftStatus.IN_SYNC, records.latest(List.of(ORDERS)).get("orders").status(),
        "a later scan replaces it");
  }

  @Test
  void latest_whenManyStacksSomeWithoutTheItem_thenBatchedAndOlderRecordsReadFromHistory() {
    List<StackRef> stacks = new ArrayList<>();
    for (int i = 0; i < 230; i++) {
      StackRef stack = StackRef.of(ACCOUNT, REGION, String.format("app-%03d", i));
      stacks.add(stack);
      DriftReport report =
          new DriftReport(stack, T0.plusSeconds(i), i % 2 == 0 ? DriftStatus.IN_SYNC
              : DriftStatus.DRIFTED, i % 2, List.of(), "det-" + i, null, false);
      if (i % 10 == 0) {
        // Written before the newest-drift items existed: the record only.
        dynamoDb.putItem(r -> r.tableName(table).item(DriftItemTranslator.toItem(report)));
      } else if (i % 10 != 5) {
        records.record(report);
      }
      // i % 10 == 5: never scanned.
    }

    Map<String, DriftReport> latest = records.latest(stacks);

    assertEquals(230 - 23, latest.size());
    for (int i = 0; i < 230; i++) {
      DriftReport r = latest.get(String.format("app-%03d", i));
      if (i % 10 == 5) {
        assertTrue(r == null, "never scanned: " + i);
      } else {
        assertEquals(T0.plusSeconds(i), r.at());
        assertEquals(i % 2 == 0 ? DriftStatus.IN_SYNC : DriftStatus.DRIFTED, r.status());
      }
    }
    assertTrue(records.latest(List.of()).isEmpty());
  }

  @Test
  void latestConclusive_whenNewerRecordsAreUnknown_thenTheNewestKnownOne() {
    records.record(report(T0, DriftStatus.IN_SYNC, false));
    records.record(report(T0.plusSeconds(3600), DriftStatus.DRIFTED, true));
    records.record(report(T0.plusSeconds(7200), DriftStatus.UNKNOWN, false));

    DriftReport latest = records.latestConclusive(ORDERS).orElseThrow();

    assertEquals(DriftStatus.DRIFTED, latest.status());
    assertEquals(T0.plusSeconds(3600), latest.at());
  }

  @Test
  void latestConclusive_whenNoRecord_thenEmpty() {
    assertTrue(records.latestConclusive(ORDERS).isEmpty());
  }

  @Test
  void report_whenMoreDriftsThanTheExcerpt_thenCapped() {
    List<ResourceDrift> many = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      many.add(new ResourceDrift("R" + i, "AWS::SQS::Queue", "MODIFIED"));
    }
    DriftReport report =
        new DriftReport(ORDERS, T0, DriftStatus.DRIFTED, 50, many, "d", null, true);

    records.record(report);

    DriftReport read = records.latestConclusive(ORDERS).orElseThrow();
    assertEquals(DriftReport.MAX_EXCERPT, read.excerpt().size());
    assertEquals(50, read.driftedCount());
  }

  private void put(String pk, String sk) {
    dynamoDb.putItem(
        r ->
            r.tableName(table)
                .item(
                    Map.of(
                        ControlTable.PK, AttributeValue.fromS(pk),
                        ControlTable.SK, AttributeValue.fromS(sk))));
  }

  @Test
  void managedStacks_whenMoreThanTheLimit_thenTheStackIndexsFirstInNameOrder() {
    StackRef a = StackRef.of(ACCOUNT, REGION, "a");
    StackRef b = StackRef.of(ACCOUNT, REGION, "b");
    StackRef c = StackRef.of(ACCOUNT, REGION, "c");
    dev.fogbank.shared.history.StackSummaries index =
        new dev.fogbank.shared.history.StackSummaries() {
          @Override
          public List<dev.fogbank.shared.history.StackSummary> list() {
            return java.util.stream.Stream.of(a, b, c)
                .map(
                    s -> new dev.fogbank.shared.history.StackSummary(
                        s, "d-" + s.name(), null, null, null, null, null))
                .toList();
          }

          @Override
          public List<dev.fogbank.shared.history.StackSummary> withLocks(
              List<dev.fogbank.shared.history.StackSummary> some) {
            throw new AssertionError("drift does not read locks");
          }
        };

    assertEquals(List.of(a, b), ManagedStacks.of(index).list(2));
    assertEquals(List.of(a, b, c), ManagedStacks.of(index).list(100));
  }

  @Test
  void stackDone_whenReportedTwiceAndManyFailures_thenCountedOnceAndRecordStaysSmall() {
    DynamoDbDriftScans scans = new DynamoDbDriftScans(dynamoDb, table, java.time.Clock.systemUTC());
    int n = DynamoDbDriftScans.MAX_LISTED_FAILURES + 20;
    scans.begin(DriftScanRecord.running("scan-1", "api", T0, n + 1), java.time.Duration.ofHours(1));
    // 128-character names: the old string set of counted stacks would reach 400 KB at ~3,000.
    String longName = "s".repeat(120);

    for (int i = 0; i < n; i++) {
      String stack = longName + String.format("%08d", i);
      DriftScanRecord.StackFailure failure =
          new DriftScanRecord.StackFailure(stack, "THROTTLED", "x".repeat(250));
      scans.stackDone("scan-1", stack, DriftScanRecord.FAILED, failure);
      scans.stackDone("scan-1", stack, DriftScanRecord.FAILED, failure); // a retried step
    }
    scans.stackDone("scan-1", "ok", "IN_SYNC", null);

    DriftScanRecord scan = scans.find("scan-1").orElseThrow();
    assertEquals(n + 1, scan.done());
    assertEquals(Map.of(DriftScanRecord.FAILED, n, "IN_SYNC", 1), scan.outcomes());
    assertEquals(DynamoDbDriftScans.MAX_LISTED_FAILURES, scan.failures().size());
    Map<String, AttributeValue> item =
        dynamoDb.getItem(r -> r.tableName(table).key(DynamoDbDriftScans.key("scan-1"))).item();
    assertFalse(item.containsKey("stacks"), "no per-stack set in the scan item");
  }

  @Test
  void recordPages_whenEveryStack_thenPagesReadBackAndCoveredIsTheNewestFullScan() {
    DynamoDbDriftScans scans = new DynamoDbDriftScans(dynamoDb, table, java.time.Clock.systemUTC());
    assertEquals(List.of(), scans.covered(), "no scan yet");

    scans.recordPages("full", List.of(List.of("b", "c"), List.of("a")), true);
    scans.recordPages("named", List.of(List.of("x")), false);

    assertEquals(List.of("b", "c"), scans.page("full", 0));
    assertEquals(List.of("a"), scans.page("full", 1));
    assertEquals(List.of(), scans.page("full", 2));
    assertEquals(List.of("x"), scans.page("named", 0));
    assertEquals(List.of("a", "b", "c"), scans.covered(), "a scan of named stacks covers no more");
  }

  @Test
  void list_whenScansAskedForBegunAndSkipped_thenEachListedOnceNewestFirstAcrossPages() {
    DynamoDbDriftScans scans = new DynamoDbDriftScans(dynamoDb, table, java.time.Clock.systemUTC());
    java.time.Duration lease = java.time.Duration.ofHours(1);
    // Asked for through the API, then begun by the state machine: recorded twice, listed once.
    scans.record(DriftScanRecord.starting("ds-a", "api", T0));
    scans.begin(DriftScanRecord.running("ds-a", "api", T0.plusSeconds(5), 3), lease);
    scans.finish("ds-a", T0.plusSeconds(30));
    scans.begin(DriftScanRecord.running("sched-b", "schedule", T0.plusSeconds(60), 2), lease);
    scans.record(
        new DriftScanRecord("sched-c", DriftScanRecord.Status.SKIPPED, "schedule",
            T0.plusSeconds(120), T0.plusSeconds(120), 0, 0, Map.of(), List.of(), "sched-b"));

    DriftScans.ScanPage first = scans.list(null, 2);
    DriftScans.ScanPage second = scans.list(first.next(), 2);

    assertEquals(List.of("sched-c", "sched-b"),
        first.scans().stream().map(DriftScanRecord::scanId).toList());
    assertEquals(DriftScanRecord.Status.SKIPPED, first.scans().getFirst().status());
    assertTrue(first.next().matches(DriftScans.POSITION_PATTERN), first.next());
    assertEquals(List.of("ds-a"), second.scans().stream().map(DriftScanRecord::scanId).toList());
    assertEquals(DriftScanRecord.Status.SUCCEEDED, second.scans().getFirst().status());
    assertEquals(3, second.scans().getFirst().total(), "the record as it is now");
    assertEquals(null, second.next(), "the last page says so, with no empty page after it");
    assertEquals(3, scans.list(null, 100).scans().size());
  }

  @Test
  void list_whenARecordIsGoneOrNothingRan_thenLeftOutAndEmpty() {
    DynamoDbDriftScans scans = new DynamoDbDriftScans(dynamoDb, table, java.time.Clock.systemUTC());
    assertEquals(new DriftScans.ScanPage(List.of(), null), scans.list(null, 10));
    scans.begin(DriftScanRecord.running("old", "schedule", T0, 1), java.time.Duration.ofHours(1));
    scans.interrupt("killed", T0.plusSeconds(1));
    scans.begin(DriftScanRecord.running("new", "schedule", T0.plusSeconds(9), 1),
        java.time.Duration.ofHours(1));
    // The record expired (TTL) before its listing item did.
    dynamoDb.deleteItem(r -> r.tableName(table).key(DynamoDbDriftScans.key("old")));

    assertEquals(List.of("new"),
        scans.list(null, 10).scans().stream().map(DriftScanRecord::scanId).toList());
  }
}
