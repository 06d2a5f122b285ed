package dev.fogbank.shared.drift;

import dev.fogbank.shared.table.ControlTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

/**
 * {@link DriftScans} on the control table: a {@code DRIFTSCAN#<id>}/{@code SCAN} item per scan,
 * counted up with atomic updates as stacks finish (a stack is counted once, even when its step is
 * retried), and one {@code DRIFTSCAN}/{@code SCAN} lease item taken with a conditional put.
 */
public final class DynamoDbDriftScans implements DriftScans {
  private static final String LEASE_HOLDER = "scanId";
  private static final String EXPIRES = "expiresAt";

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
    Map<String, String> names = new HashMap<>();
    names.put("#done", "done");
    names.put("#outcomes", "outcomes");
    names.put("#o", outcome);
    names.put("#stacks", "stacks");
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":one", n(1));
    values.put(":stack", s(stack));
    values.put(":stackSet", AttributeValue.fromSs(List.of(stack)));
    StringBuilder update = new StringBuilder("ADD #done :one, #outcomes.#o :one, #stacks :stackSet");
    if (failure != null) {
      names.put("#failures", "failures");
      values.put(":failure", AttributeValue.fromL(List.of(failureItem(failure))));
      update.append(" SET #failures = list_append(#failures, :failure)");
    }
    try {
      client.updateItem(
          r ->
              r.tableName(tableName)
                  .key(key(scanId))
                  .updateExpression(update.toString())
                  // Counted once: a step retried after its update landed changes nothing.
                  .conditionExpression("attribute_exists(#done) AND NOT contains(#stacks, :stack)")
                  .expressionAttributeNames(names)
                  .expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException alreadyCounted) {
      // Either counted before, or the scan has no record (begin wrote it first, so: counted).
    } catch (SdkException e) {
      throw ControlTable.failure(
          "could not count stack '" + stack + "' in drift scan '" + scanId + "'", e);
    }
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

  private void put(DriftScanRecord scan) {
    try {
      client.putItem(r -> r.tableName(tableName).item(DriftScanTranslator.toItem(scan)));
    } catch (SdkException e) {
      throw ControlTable.failure("could not record drift scan '" + scan.scanId() + "'", e);
    }
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
