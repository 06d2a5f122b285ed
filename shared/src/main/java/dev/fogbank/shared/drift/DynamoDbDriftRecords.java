package dev.fogbank.shared.drift;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link DriftRecords} on the control table: {@code DRIFT#<ISO instant>} items under the stack's
 * partition, so a stack's scans sort by time and the newest is one query away; and, beside them,
 * each stack's newest-drift item ({@code DRIFTLATEST#<account>#<region>}, sort key the stack's
 * name: the newest record without its excerpt), written after each record unless a later one is
 * there, so that a page of stacks reads theirs with one BatchGetItem instead of a Query each.
 */
public final class DynamoDbDriftRecords implements DriftRecords {
  /** UNKNOWN records between two conclusive ones are skipped; this many are looked at. */
  static final int LOOK_BACK = 10;

  private final DynamoDbClient client;
  private final String tableName;

  public DynamoDbDriftRecords(DynamoDbClient client, String tableName) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = Objects.requireNonNull(tableName, "tableName");
  }

  @Override
  public Optional<DriftReport> latestConclusive(StackRef stack) {
    return newest(stack, LOOK_BACK).stream().filter(r -> r.status().conclusive()).findFirst();
  }

  @Override
  public List<DriftReport> history(StackRef stack, int limit) {
    return newest(stack, limit);
  }

  private List<DriftReport> newest(StackRef stack, int limit) {
    try {
      QueryResponse response =
          client.query(
              r ->
                  r.tableName(tableName)
                      .keyConditionExpression("#pk = :pk AND begins_with(#sk, :drift)")
                      .expressionAttributeNames(
                          Map.of("#pk", ControlTable.PK, "#sk", ControlTable.SK))
                      .expressionAttributeValues(
                          Map.of(
                              ":pk", AttributeValue.fromS(stack.partitionKey()),
                              ":drift", AttributeValue.fromS(ControlTable.DRIFT_PREFIX)))
                      .scanIndexForward(false)
                      .limit(limit)
                      .consistentRead(true));
      return response.items().stream().map(DriftItemTranslator::fromItem).toList();
    } catch (SdkException e) {
      throw ControlTable.failure(
          "could not read the drift records of stack '" + stack.name() + "'", e);
    }
  }

  @Override
  public void record(DriftReport report) {
    try {
      client.putItem(
          r ->
              r.tableName(tableName)
                  .item(DriftItemTranslator.toItem(report))
                  // Append-only: a second scan in the same instant must not replace the first.
                  .conditionExpression("attribute_not_exists(#pk)")
                  .expressionAttributeNames(Map.of("#pk", ControlTable.PK)));
    } catch (SdkException e) {
      throw ControlTable.failure(
          "could not record the drift of stack '" + report.stack().name() + "'", e);
    }
    recordLatest(report);
  }

  /**
   * Makes {@code report} its stack's newest drift unless a later record is (two scans finishing out
   * of order); writing the same record again rewrites the same item.
   */
  private void recordLatest(DriftReport report) {
    try {
      client.putItem(
          r ->
              r.tableName(tableName)
                  .item(DriftItemTranslator.toLatestItem(report))
                  .conditionExpression("attribute_not_exists(#pk) OR #at <= :at")
                  .expressionAttributeNames(
                      Map.of("#pk", ControlTable.PK, "#at", DriftItemTranslator.AT_ORDER))
                  .expressionAttributeValues(
                      Map.of(
                          ":at",
                          AttributeValue.fromN(DriftItemTranslator.atOrder(report.at())))));
    } catch (ConditionalCheckFailedException later) {
      // A later record is the stack's newest: nothing to do.
    } catch (SdkException e) {
      throw ControlTable.failure(
          "could not record the newest drift of stack '" + report.stack().name() + "'", e);
    }
  }

  /**
   * One BatchGetItem per 100 stacks; a stack without a newest-drift item (never scanned, or its
   * records were written before these items existed) is read from its records, one Query each, run
   * at once on virtual threads.
   */
  @Override
  public Map<String, DriftReport> latest(List<StackRef> stacks) {
    List<Map<String, AttributeValue>> keys =
        stacks.stream().map(DriftItemTranslator::latestKey).toList();
    Map<String, DriftReport> found = new HashMap<>();
    for (Map<String, AttributeValue> item :
        ControlTable.batchGet(client, tableName, keys, "the stacks' newest drift")) {
      DriftReport report = DriftItemTranslator.fromItem(item);
      found.put(report.stack().name(), report);
    }
    List<StackRef> missing = stacks.stream().filter(x -> !found.containsKey(x.name())).toList();
    if (missing.isEmpty()) {
      return found;
    }
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<List<DriftReport>>> reads =
          missing.stream().map(x -> threads.submit(() -> newest(x, 1))).toList();
      for (Future<List<DriftReport>> read : reads) {
        read.get().stream().findFirst().ifPresent(r -> found.put(r.stack().name(), r));
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.fogbank.shared.error.AwsUnavailableException(
          "interrupted while reading the stacks' drift records");
    }
    return found;
  }
}
