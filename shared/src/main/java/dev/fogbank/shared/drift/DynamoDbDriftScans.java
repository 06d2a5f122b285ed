package dev.fogbank.shared.drift;

import dev.fogbank.shared.table.ControlTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link DriftScans} on the control table: a {@code DRIFTSCAN#<id>}/{@code SCAN} item per scan,
 * counted up as stacks finish (a stack is counted once, even when its step is retried: a {@code
 * STACK#<name>} marker beside the scan item is put in the same transaction as the count, so the
 * scan item stays small at any number of stacks), the scan's stacks as {@code PAGE#<n>} items
 * beside it, and one {@code DRIFTSCAN}/{@code SCAN} lease item taken with a conditional put
 * ({@code DRIFTSCAN}/{@code COVERAGE} names the newest scan of every stack). Each scan is listed
 * once under {@link ControlTable#DRIFT_SCANS_LIST}, in the transaction that first records it.
 */
public final class DynamoDbDriftScans implements DriftScans {
  private static final String LEASE_HOLDER = "scanId";
  private static final String EXPIRES = "expiresAt";
  private static final String STACK_MARKER = "STACK#";
  private static final String PAGE = "PAGE#";
  private static final String COVERAGE = "COVERAGE";

  /** A scan's failures listed in its record; the FAILED outcome counts every one. */
  static final int MAX_LISTED_FAILURES = 100;

  /** Pages and markers are clean-up only: kept well past any scan's lease. */
  private static final Duration KEEP = Duration.ofDays(90);

  private final DynamoDbClient client;
  private final String tableName;
  private final Clock clock;

  public DynamoDbDriftScans(DynamoDbClient client, String tableName, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = Objects.requireNonNull(tableName, "tableName");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<String> begin(DriftScanRecord scan, Duration lease) {
    Instant now = clock.instant();
    try {
      client.putItem(
          r ->
              r.tableName(tableName)
                  .item(
                      Map.of(
                          ControlTable.PK, s(ControlTable.DRIFT_SCAN_LEASE),
                          ControlTable.SK, s(ControlTable.DRIFT_SCAN_SK),
                          LEASE_HOLDER, s(scan.scanId()),
                          EXPIRES, n(now.plus(lease).getEpochSecond()),
                          ControlTable.TTL, n(now.plus(lease).plus(Duration.ofDays(1)).getEpochSecond())))
                  // Free, lapsed (its scan died without finishing), or ours (a retried step).
                  .conditionExpression(
                      "attribute_not_exists(#pk) OR #exp < :now OR #holder = :id")
                  .expressionAttributeNames(
                      Map.of("#pk", ControlTable.PK, "#exp", EXPIRES, "#holder", LEASE_HOLDER))
                  .expressionAttributeValues(
                      Map.of(":now", n(now.getEpochSecond()), ":id", s(scan.scanId()))));
    } catch (ConditionalCheckFailedException held) {
      return Optional.of(holder().orElse("(a scan that just ended)"));
    } catch (SdkException e) {
      throw ControlTable.failure("could not take the drift scan lease", e);
    }
    put(scan);
    return Optional.empty();
  }

  @Override
  public void record(DriftScanRecord scan) {
    put(scan);
  }

  @Override
  public void stackDone(
      String scanId, String stack, String outcome, DriftScanRecord.StackFailure failure) {
    Map<String, AttributeValue> marker = new HashMap<>();
    marker.put(ControlTable.PK, s(ControlTable.DRIFT_SCAN_PREFIX + scanId));
    marker.put(ControlTable.SK, s(STACK_MARKER + stack));
    marker.put("outcome", s(outcome));
    marker.put(ControlTable.TTL, n(clock.instant().plus(KEEP).getEpochSecond()));
    // Counted once: a step retried after its write landed finds the marker; a scan without a
    // record was counted too (begin writes it first).
    boolean counted =
        putNewWith(
            marker,
            TransactWriteItem.builder()
                .update(
                    u ->
                        u.tableName(tableName)
                            .key(key(scanId))
                            .updateExpression("ADD #done :one, #outcomes.#o :one")
                            .conditionExpression("attribute_exists(#done)")
                            .expressionAttributeNames(
                                Map.of("#done", "done", "#outcomes", "outcomes", "#o", outcome))
                            .expressionAttributeValues(Map.of(":one", n(1))))
                .build(),
            "could not count stack '" + stack + "' in drift scan '" + scanId + "'");
    if (!counted) {
      return;
    }
    if (failure != null) {
      listFailure(scanId, failure);
    }
  }

  /** The first {@link #MAX_LISTED_FAILURES} failures are listed: the record stays under 400 KB. */
  private void listFailure(String scanId, DriftScanRecord.StackFailure failure) {
    try {
      client.updateItem(
          r ->
              r.tableName(tableName)
                  .key(key(scanId))
                  .updateExpression("SET #failures = list_append(#failures, :failure)")
                  .conditionExpression("size(#failures) < :max")
                  .expressionAttributeNames(Map.of("#failures", "failures"))
                  .expressionAttributeValues(
                      Map.of(
                          ":failure", AttributeValue.fromL(List.of(failureItem(failure))),
                          ":max", n(MAX_LISTED_FAILURES))));
    } catch (ConditionalCheckFailedException full) {
      // Listed enough: the FAILED count has the rest.
    } catch (SdkException e) {
      throw ControlTable.failure(
          "could not list the failure of stack '" + failure.stack() + "' in drift scan '"
              + scanId + "'", e);
    }
  }

  @Override
  public void recordPages(String scanId, List<List<String>> pages, boolean everyStack) {
    long ttl = clock.instant().plus(KEEP).getEpochSecond();
    try {
      for (int i = 0; i < pages.size(); i++) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ControlTable.PK, s(ControlTable.DRIFT_SCAN_PREFIX + scanId));
        item.put(ControlTable.SK, s(pageKey(i)));
        item.put("stacks", AttributeValue.fromL(pages.get(i).stream().map(DynamoDbDriftScans::s).toList()));
        item.put(ControlTable.TTL, n(ttl));
        client.putItem(r -> r.tableName(tableName).item(item));
      }
      if (everyStack) {
        client.putItem(
            r ->
                r.tableName(tableName)
                    .item(
                        Map.of(
                            ControlTable.PK, s(ControlTable.DRIFT_SCAN_LEASE),
                            ControlTable.SK, s(COVERAGE),
                            LEASE_HOLDER, s(scanId),
                            "pages", n(pages.size()),
                            ControlTable.TTL, n(ttl))));
      }
    } catch (SdkException e) {
      throw ControlTable.failure("could not record the stacks of drift scan '" + scanId + "'", e);
    }
  }

  @Override
  public List<String> page(String scanId, int index) {
    try {
      Map<String, AttributeValue> item =
          client
              .getItem(
                  r ->
                      r.tableName(tableName)
                          .key(
                              Map.of(
                                  ControlTable.PK, s(ControlTable.DRIFT_SCAN_PREFIX + scanId),
                                  ControlTable.SK, s(pageKey(index))))
                          .consistentRead(true))
              .item();
      if (item == null || !item.containsKey("stacks")) {
        return List.of();
      }
      return item.get("stacks").l().stream().map(AttributeValue::s).toList();
    } catch (SdkException e) {
      throw ControlTable.failure(
          "could not read page " + index + " of drift scan '" + scanId + "'", e);
    }
  }

  @Override
  public List<String> covered() {
    Map<String, AttributeValue> coverage;
    try {
      coverage =
          client
              .getItem(
                  r ->
                      r.tableName(tableName)
                          .key(
                              Map.of(
                                  ControlTable.PK, s(ControlTable.DRIFT_SCAN_LEASE),
                                  ControlTable.SK, s(COVERAGE))))
              .item();
    } catch (SdkException e) {
      throw ControlTable.failure("could not read which stacks the drift scans cover", e);
    }
    if (coverage == null || coverage.isEmpty()) {
      return List.of();
    }
    String scanId = coverage.get(LEASE_HOLDER).s();
    int pages = Integer.parseInt(coverage.get("pages").n());
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    for (int i = 0; i < pages; i++) {
      names.addAll(page(scanId, i));
    }
    return List.copyOf(names);
  }

  private static String pageKey(int index) {
    return PAGE + String.format("%05d", index);
  }

  @Override
  public DriftScanRecord finish(String scanId, Instant at) {
    DriftScanRecord record;
    try {
      record =
          DriftScanTranslator.fromItem(
              client
                  .updateItem(
                      r ->
                          r.tableName(tableName)
                              .key(key(scanId))
                              .updateExpression("SET #status = :done, #finished = :at")
                              .conditionExpression("attribute_exists(#status)")
                              .expressionAttributeNames(
                                  Map.of("#status", "status", "#finished", "finishedAt"))
                              .expressionAttributeValues(
                                  Map.of(
                                      ":done", s(DriftScanRecord.Status.SUCCEEDED.name()),
                                      ":at", s(at.toString())))
                              .returnValues(ReturnValue.ALL_NEW))
                  .attributes());
    } catch (SdkException e) {
      throw ControlTable.failure("could not finish drift scan '" + scanId + "'", e);
    }
    releaseLease(scanId);
    return record;
  }

  @Override
  public Optional<DriftScanRecord> find(String scanId) {
    try {
      Map<String, AttributeValue> item =
          client.getItem(r -> r.tableName(tableName).key(key(scanId)).consistentRead(true)).item();
      return item == null || item.isEmpty()
          ? Optional.empty()
          : Optional.of(DriftScanTranslator.fromItem(item));
    } catch (SdkException e) {
      throw ControlTable.failure("could not read drift scan '" + scanId + "'", e);
    }
  }

  @Override
  public Optional<DriftScanRecord> interrupt(String reason, Instant at) {
    Optional<String> holder = holder();
    if (holder.isEmpty()) {
      return Optional.empty();
    }
    String scanId = holder.get();
    DriftScanRecord record;
    try {
      record =
          DriftScanTranslator.fromItem(
              client
                  .updateItem(
                      r ->
                          r.tableName(tableName)
                              .key(key(scanId))
                              .updateExpression(
                                  "SET #status = :interrupted, #finished = :at, #reason = :reason")
                              .conditionExpression("#status IN (:starting, :running)")
                              .expressionAttributeNames(
                                  Map.of(
                                      "#status", "status",
                                      "#finished", "finishedAt",
                                      "#reason", "reason"))
                              .expressionAttributeValues(
                                  Map.of(
                                      ":interrupted",
                                      s(DriftScanRecord.Status.INTERRUPTED.name()),
                                      ":starting", s(DriftScanRecord.Status.STARTING.name()),
                                      ":running", s(DriftScanRecord.Status.RUNNING.name()),
                                      ":at", s(at.toString()),
                                      ":reason", s(reason)))
                              .returnValues(ReturnValue.ALL_NEW))
                  .attributes());
    } catch (ConditionalCheckFailedException ended) {
      record = null; // finished, or its record never written: only the lease is left
    } catch (SdkException e) {
      throw ControlTable.failure("could not record drift scan '" + scanId + "' interrupted", e);
    }
    releaseLease(scanId);
    return Optional.ofNullable(record);
  }

  private void releaseLease(String scanId) {
    try {
      client.deleteItem(
          r ->
              r.tableName(tableName)
                  .key(leaseKey())
                  .conditionExpression("#holder = :id")
                  .expressionAttributeNames(Map.of("#holder", LEASE_HOLDER))
                  .expressionAttributeValues(Map.of(":id", s(scanId))));
    } catch (ConditionalCheckFailedException notOurs) {
      // Lapsed and taken by a later scan: it is that scan's now.
    } catch (SdkException e) {
      throw ControlTable.failure("could not release the drift scan lease", e);
    }
  }

  private Optional<String> holder() {
    try {
      Map<String, AttributeValue> item =
          client.getItem(r -> r.tableName(tableName).key(leaseKey()).consistentRead(true)).item();
      AttributeValue id = item == null ? null : item.get(LEASE_HOLDER);
      return id == null ? Optional.empty() : Optional.of(id.s());
    } catch (SdkException e) {
      throw ControlTable.failure("could not read the drift scan lease", e);
    }
  }

  /**
   * The scan's first record is put with its listing item, in one transaction (a crash cannot leave
   * a scan unlisted); a later one (a scan asked for, then begun or skipped) replaces the record
   * and keeps the listing item of the first, so the scan is listed once, where it was asked for.
   */
  private void put(DriftScanRecord scan) {
    Map<String, AttributeValue> item = DriftScanTranslator.toItem(scan);
    String what = "could not record drift scan '" + scan.scanId() + "'";
    if (putNewWith(
        item,
        TransactWriteItem.builder().put(p -> p.tableName(tableName).item(listing(scan, item))).build(),
        what)) {
      return;
    }
    // Recorded before: listed then.
    try {
      client.putItem(r -> r.tableName(tableName).item(item));
    } catch (SdkException e) {
      throw ControlTable.failure(what, e);
    }
  }

  /**
   * Puts {@code item} where no item is yet, and {@code also}, in one transaction: false, and
   * nothing written, when a condition fails (the item is there, or {@code also}'s own condition).
   */
  private boolean putNewWith(
      Map<String, AttributeValue> item, TransactWriteItem also, String whatFailed) {
    try {
      client.transactWriteItems(
          t ->
              t.transactItems(
                  TransactWriteItem.builder()
                      .put(
                          p ->
                              p.tableName(tableName)
                                  .item(item)
                                  .conditionExpression("attribute_not_exists(#pk)")
                                  .expressionAttributeNames(Map.of("#pk", ControlTable.PK)))
                      .build(),
                  also));
      return true;
    } catch (TransactionCanceledException e) {
      if (e.hasCancellationReasons()
          && e.cancellationReasons().stream()
              .anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
        return false;
      }
      throw ControlTable.failure(whatFailed, e);
    } catch (SdkException e) {
      throw ControlTable.failure(whatFailed, e);
    }
  }

  private static Map<String, AttributeValue> listing(
      DriftScanRecord scan, Map<String, AttributeValue> record) {
    Instant at = scan.startedAt() == null ? Instant.EPOCH : scan.startedAt();
    return Map.of(
        ControlTable.PK, s(ControlTable.DRIFT_SCANS_LIST),
        ControlTable.SK, s(String.format("%013d#%s", at.toEpochMilli(), scan.scanId())),
        LEASE_HOLDER, s(scan.scanId()),
        ControlTable.TTL, record.get(ControlTable.TTL));
  }

  /**
   * One Query of the listing, newest first (one item more than asked, to know whether a page
   * follows), then the scans' records in one BatchGetItem.
   */
  @Override
  public ScanPage list(String after, int limit) {
    List<Map<String, AttributeValue>> listed;
    try {
      listed =
          client
              .query(
                  r ->
                      r.tableName(tableName)
                          .keyConditionExpression("#pk = :pk")
                          .expressionAttributeNames(Map.of("#pk", ControlTable.PK))
                          .expressionAttributeValues(
                              Map.of(":pk", s(ControlTable.DRIFT_SCANS_LIST)))
                          .scanIndexForward(false)
                          .limit(limit + 1)
                          .exclusiveStartKey(
                              after == null
                                  ? null
                                  : Map.of(
                                      ControlTable.PK, s(ControlTable.DRIFT_SCANS_LIST),
                                      ControlTable.SK, s(after))))
              .items();
    } catch (SdkException e) {
      throw ControlTable.failure("could not list the drift scans", e);
    }
    List<Map<String, AttributeValue>> shown = listed.subList(0, Math.min(limit, listed.size()));
    Map<String, DriftScanRecord> records = new HashMap<>();
    for (Map<String, AttributeValue> item :
        ControlTable.batchGet(
            client,
            tableName,
            shown.stream().map(x -> key(x.get(LEASE_HOLDER).s())).toList(),
            "the listed drift scans")) {
      DriftScanRecord record = DriftScanTranslator.fromItem(item);
      records.put(record.scanId(), record);
    }
    List<DriftScanRecord> scans = new ArrayList<>();
    for (Map<String, AttributeValue> x : shown) {
      DriftScanRecord record = records.get(x.get(LEASE_HOLDER).s());
      if (record != null) {
        scans.add(record);
      }
    }
    return new ScanPage(
        scans,
        listed.size() > limit ? shown.getLast().get(ControlTable.SK).s() : null);
  }

  private static AttributeValue failureItem(DriftScanRecord.StackFailure f) {
    Map<String, AttributeValue> m = new HashMap<>();
    m.put("stack", s(f.stack()));
    m.put("code", s(f.code()));
    m.put("message", s(DriftScanTranslator.cut(f.message(), 300)));
    return AttributeValue.fromM(m);
  }

  static Map<String, AttributeValue> key(String scanId) {
    return Map.of(
        ControlTable.PK, s(ControlTable.DRIFT_SCAN_PREFIX + scanId),
        ControlTable.SK, s(ControlTable.DRIFT_SCAN_SK));
  }

  private static Map<String, AttributeValue> leaseKey() {
    return Map.of(
        ControlTable.PK, s(ControlTable.DRIFT_SCAN_LEASE),
        ControlTable.SK, s(ControlTable.DRIFT_SCAN_SK));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
