package dev.fogbank.shared.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.error.NotFoundException;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbDeploymentHistoryTest {
  private static final StackRef STACK = StackRef.of("123456789012", "eu-west-1", "orders");
  private static final StackRef OTHER = StackRef.of("123456789012", "eu-west-1", "billing");
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private DynamoDbClient dynamoDb;
  private String table;
  private DynamoDbDeploymentHistory history;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    this.history = DynamoDbDeploymentHistory.create(dynamoDb, table);
  }

  private static DeploymentRecord record(String id, StackRef stack, Instant requestedAt) {
    return DeploymentRecord.requested(
        id,
        stack,
        DeploymentSource.DROP,
        "arn:aws:iam::123456789012:user/alice",
        "ab".repeat(32),
        "s3://artifacts/templates/" + "ab".repeat(32),
        Map.of("Env", "prod", "Empty", ""),
        Map.of("team", "payments"),
        requestedAt);
  }

  @Test
  void append_whenNew_thenGetReturnsEveryField() {
    DeploymentRecord appended = record("d-1", STACK, T0.plusNanos(123_456_789));

    history.append(appended);

    assertEquals(Optional.of(appended), history.get("d-1"));
  }

  @Test
  void append_whenStored_thenKeysFollowTheTableLayout() {
    history.append(record("d-1", STACK, Instant.parse("2025-03-01T10:00:00Z")));

    List<Map<String, AttributeValue>> items =
        dynamoDb
            .query(
                r ->
                    r.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(
                            Map.of(":pk", AttributeValue.fromS(STACK.partitionKey()))))
            .items();
    assertEquals(1, items.size());
    Map<String, AttributeValue> item = items.getFirst();
    // Millis always written, so ".000Z" sorts before ".050Z" as the instants do.
    assertEquals("DEPLOY#2025-03-01T10:00:00.000Z#d-1", item.get(ControlTable.SK).s());
    assertEquals("DEPLOY#d-1", item.get(ControlTable.GSI1_PK).s());
    assertEquals("orders", item.get("stackName").s());
    assertEquals("prod", item.get("parameters").m().get("Env").s());
  }

  @Test
  void append_whenIdAlreadyRecorded_thenRefusedAndOriginalKept() {
    DeploymentRecord original = record("d-1", STACK, T0);
    history.append(original);

    // A different time and stack too: the id alone must be unique, not the whole key.
    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () -> history.append(record("d-1", OTHER, T0.plusSeconds(5))));
    assertThrows(DeploymentException.class, () -> history.append(original));

    assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    assertTrue(e.getMessage().contains("d-1"), e.getMessage());
    assertEquals(Optional.of(original), history.get("d-1"));
    assertTrue(history.list(OTHER, 10, null).items().isEmpty());
    assertEquals(1, history.list(STACK, 10, null).items().size());
  }

  @Test
  void get_whenEndedThroughThisAdapter_thenTheRecordAFreshAdapterReads() {
    history.append(record("d-1", STACK, T0));
    history.transition("d-1", StatusChange.running(T0.plusSeconds(1)));
    DeploymentRecord failed =
        history.transition(
            "d-1",
            StatusChange.failed(T0.plusSeconds(2), new DeploymentError("BOOM", "it broke")));

    // This adapter keeps the ended record it wrote; the table holds the same one.
    DeploymentRecord stored =
        DynamoDbDeploymentHistory.create(dynamoDb, table).get("d-1").orElseThrow();
    assertEquals(DeploymentStatus.FAILED, stored.status());
    assertEquals(stored, failed);
    assertEquals(Optional.of(stored), history.get("d-1"));
  }

  @Test
  void importAll_whenAnEndedRecordIsReplaced_thenGetReturnsTheImportedOne() {
    DeploymentRecord queued = record("d-1", STACK, T0);
    history.append(queued);
    history.transition(
        "d-1", StatusChange.failed(T0.plusSeconds(2), new DeploymentError("BOOM", "it broke")));
    assertEquals(DeploymentStatus.FAILED, history.get("d-1").orElseThrow().status());

    history.importAll(List.of(queued));

    assertEquals(Optional.of(queued), history.get("d-1"));
  }

  @Test
  void transition_whenRunning_thenSetsStartedAtOnlyTheFirstTime() {
    history.append(record("d-1", STACK, T0));

    DeploymentRecord running = history.transition("d-1", StatusChange.running(T0.plusSeconds(1)));
    DeploymentRecord retried = history.transition("d-1", StatusChange.running(T0.plusSeconds(9)));

    assertEquals(DeploymentStatus.RUNNING, running.status());
    assertEquals(T0.plusSeconds(1), running.startedAt());
    assertEquals(T0.plusSeconds(1), retried.startedAt());
    assertNull(retried.endedAt());
    assertEquals(Optional.of(retried), history.get("d-1"));
  }

  @Test
  void transition_whenSucceeded_thenSetsEndedAtAndChangeSummary() {
    history.append(record("d-1", STACK, T0));
    history.transition("d-1", StatusChange.running(T0.plusSeconds(1)));

    DeploymentRecord done =
        history.transition(
            "d-1", StatusChange.succeeded(T0.plusSeconds(60), new ChangeSummary(2, 1, 3)));

    assertEquals(DeploymentStatus.SUCCEEDED, done.status());
    assertEquals(T0.plusSeconds(1), done.startedAt());
    assertEquals(T0.plusSeconds(60), done.endedAt());
    assertEquals(new ChangeSummary(2, 1, 3), done.changeSummary());
    assertNull(done.error());
    assertEquals(Optional.of(done), history.get("d-1"));
  }

  @Test
  void transition_whenFailed_thenStoresTheError() {
    history.append(record("d-1", STACK, T0));

    DeploymentRecord failed =
        history.transition(
            "d-1",
            StatusChange.failed(
                T0.plusSeconds(5), new DeploymentError("TEMPLATE_INVALID", "no Resources")));

    assertEquals(DeploymentStatus.FAILED, failed.status());
    assertNull(failed.startedAt());
    assertEquals(new DeploymentError("TEMPLATE_INVALID", "no Resources"), failed.error());
    assertEquals(Optional.of(failed), history.get("d-1"));
  }

  @Test
  void transition_whenAlreadyTerminal_thenReturnsStoredRecordUnchanged() {
    history.append(record("d-1", STACK, T0));
    DeploymentRecord ended = history.transition("d-1", StatusChange.noChanges(T0.plusSeconds(5)));

    DeploymentRecord afterFail =
        history.transition(
            "d-1", StatusChange.failed(T0.plusSeconds(9), new DeploymentError("INTERNAL", "x")));
    DeploymentRecord afterRunning =
        history.transition("d-1", StatusChange.running(T0.plusSeconds(10)));

    assertEquals(DeploymentStatus.NO_CHANGES, ended.status());
    assertEquals(ChangeSummary.NONE, ended.changeSummary());
    assertEquals(ended, afterFail);
    assertEquals(ended, afterRunning);
    assertEquals(Optional.of(ended), history.get("d-1"));
  }

  @Test
  void transition_whenUnknownId_thenNotFound() {
    NotFoundException e =
        assertThrows(
            NotFoundException.class, () -> history.transition("nope", StatusChange.running(T0)));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
  }

  @Test
  void get_whenUnknownId_thenEmpty() {
    history.append(record("d-1", STACK, T0));

    assertEquals(Optional.empty(), history.get("d-2"));
  }

  @Test
  void list_whenSevenRecords_thenNewestFirstAcrossThreePages() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      // 50 ms apart from a whole second: Instant.toString would write "10:00:00Z" for the first
      // and sort it after "10:00:00.050Z"; the fixed-width sort key must not.
      history.append(record("d-" + i, STACK, T0.plusMillis(50L * i)));
      expected.addFirst("d-" + i);
    }
    history.append(record("other", OTHER, T0.plusSeconds(1)));

    HistoryPage first = history.list(STACK, 3, null);
    HistoryPage second = history.list(STACK, 3, first.nextToken());
    HistoryPage third = history.list(STACK, 3, second.nextToken());

    assertEquals(expected.subList(0, 3), ids(first));
    assertEquals(expected.subList(3, 6), ids(second));
    assertEquals(expected.subList(6, 7), ids(third));
    assertNotNull(first.nextToken());
    assertNotNull(second.nextToken());
    assertNull(third.nextToken());
  }

  @Test
  void list_whenLastPageIsExactlyFull_thenNoTokenToAnEmptyPage() {
    for (int i = 0; i < 6; i++) {
      history.append(record("d-" + i, STACK, T0.plusSeconds(i)));
    }

    HistoryPage first = history.list(STACK, 3, null);
    HistoryPage second = history.list(STACK, 3, first.nextToken());

    assertEquals(List.of("d-2", "d-1", "d-0"), ids(second));
    assertNull(second.nextToken());
  }

  @Test
  void list_whenTokenIsUrlSafe_thenOnlyUrlSafeCharacters() {
    for (int i = 0; i < 3; i++) {
      history.append(record("d/" + i + "?+=", STACK, T0.plusSeconds(i)));
    }

    String token = history.list(STACK, 1, null).nextToken();

    assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
  }

  @Test
  void list_whenLimitOutOfRange_thenClampedToOneAndHundred() {
    for (int i = 0; i < 3; i++) {
      history.append(record("d-" + i, STACK, T0.plusSeconds(i)));
    }

    assertEquals(1, history.list(STACK, 0, null).items().size());
    assertEquals(1, history.list(STACK, -5, null).items().size());
    assertEquals(3, history.list(STACK, 1_000, null).items().size());
  }

  @Test
  void list_whenNoRecords_thenEmptyPageWithoutToken() {
    HistoryPage page = history.list(STACK, 10, null);

    assertTrue(page.items().isEmpty());
    assertNull(page.nextToken());
  }

  @Test
  void list_whenTokenMalformedOrForeign_thenInvalidRequest() {
    for (int i = 0; i < 3; i++) {
      history.append(record("d-" + i, STACK, T0.plusSeconds(i)));
      history.append(record("o-" + i, OTHER, T0.plusSeconds(i)));
    }
    String otherStacksToken = history.list(OTHER, 1, null).nextToken();
    String handMade =
        Base64.getUrlEncoder()
            .encodeToString(("STACK#x|DEPLOY#1").getBytes(StandardCharsets.UTF_8));

    for (String bad : List.of("not base64!", "AAAA", handMade, otherStacksToken, "%%%")) {
      InvalidRequestException e =
          assertThrows(InvalidRequestException.class, () -> history.list(STACK, 1, bad), bad);
      assertEquals("invalid nextToken", e.getMessage());
    }
  }

  @Test
  void append_whenTableMissing_thenInternalNotOutageNamingTheDeployment() {
    // A missing table is DynamoDB refusing the call (400 ResourceNotFoundException): the control
    // plane's setup, which no retry fixes.
    DynamoDbDeploymentHistory broken = DynamoDbDeploymentHistory.create(dynamoDb, "no-such-table");

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> broken.append(record("d-7", STACK, T0)));

    assertEquals(ErrorCode.INTERNAL, e.code());
    assertTrue(e.getMessage().contains("ResourceNotFoundException"), e.getMessage());
    assertTrue(e.getMessage().contains("d-7"), e.getMessage());
    assertTrue(e.getMessage().contains(STACK.partitionKey()), e.getMessage());
    assertFalse(e.getMessage().contains(e.getCause().getMessage()), e.getMessage());
  }

  @Test
  void get_whenTableMissing_thenInternalNotOutageNamingTheDeployment() {
    DynamoDbDeploymentHistory broken = DynamoDbDeploymentHistory.create(dynamoDb, "no-such-table");

    DeploymentException e = assertThrows(DeploymentException.class, () -> broken.get("d-8"));

    assertEquals(ErrorCode.INTERNAL, e.code());

    assertTrue(e.getMessage().contains("d-8"), e.getMessage());
  }

  @Test
  void find_whenFilterMatchesFew_thenReadsFurtherPagesUntilLimit_andContinuesAfterPosition() {
    for (int i = 0; i < 25; i++) {
      DeploymentRecord r = record(String.format("d-%02d", i), STACK, T0.plusSeconds(60L * i));
      history.append(i % 8 == 0 ? withSource(r, DeploymentSource.API) : r);
    }
    history.append(withSource(record("o-1", OTHER, T0.plusSeconds(90)), DeploymentSource.API));
    DeploymentQuery api =
        new DeploymentQuery(null, null, java.util.Set.of(), java.util.Set.of(DeploymentSource.API));

    List<DeploymentRecord> first = history.find(STACK, api, null, 3);
    List<DeploymentRecord> rest = history.find(STACK, api, HistoryPosition.of(first.get(2)), 3);

    assertEquals(List.of("d-24", "d-16", "d-08"), idsOf(first));
    assertEquals(List.of("d-00"), idsOf(rest));
  }

  @Test
  void find_whenFromAndTo_thenOnlyThatRequestedAtRange_fromInclusiveToExclusive() {
    for (int i = 0; i < 12; i++) {
      history.append(record(String.format("d-%02d", i), STACK, T0.plusSeconds(60L * i)));
    }
    DeploymentQuery range =
        new DeploymentQuery(
            T0.plusSeconds(300), T0.plusSeconds(600), java.util.Set.of(), java.util.Set.of());

    List<DeploymentRecord> found = history.find(STACK, range, null, 100);

    assertEquals(
        List.of("d-09", "d-08", "d-07", "d-06", "d-05"), idsOf(found));
  }

  @Test
  void search_whenOneStackHoldsMoreThanAFullPage_thenAPage100CarriesANextPosition() {
    for (int i = 0; i < 101; i++) {
      history.append(record(String.format("d-%03d", i), STACK, T0.plusSeconds(i)));
    }
    List<StackSummary> stacks =
        List.of(new StackSummary(STACK, null, null, null, null, null, null));

    DeploymentSearch.Page page =
        new DeploymentSearch(history).search(stacks, DeploymentQuery.any(), null, 100);
    DeploymentSearch.Page last =
        new DeploymentSearch(history).search(stacks, DeploymentQuery.any(), page.next(), 100);

    assertEquals(100, page.items().size());
    assertEquals("d-001", page.next().deploymentId());
    assertEquals(List.of("d-000"), idsOf(last.items()));
    assertNull(last.next());
  }

  private static List<String> idsOf(List<DeploymentRecord> records) {
    return records.stream().map(DeploymentRecord::deploymentId).toList();
  }

  private static DeploymentRecord withSource(DeploymentRecord r, DeploymentSource source) {
    return DeploymentRecord.requested(
        r.deploymentId(), r.stack(), source, r.requester(), r.templateSha256(),
        r.templateLocation(), r.parameters(), r.tags(), r.requestedAt());
  }

  private static List<String> ids(HistoryPage page) {
    return page.items().stream().map(DeploymentRecord::deploymentId).toList();
  }
}
