package dev.fogbank.shared.table;

import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The control plane's single DynamoDB table: its key schema, the {@code byId} index and the TTL
 * attribute. Adapters use the attribute names here so the schema lives in one place; the
 * control-plane stack (infrastructure) declares the same table for AWS from these names, and
 * local mode creates it from {@link #createRequest}.
 */
public final class ControlTable {
  /** Partition key: {@code STACK#<account>#<region>#<name>} for a stack's items. */
  public static final String PK = "pk";

  /** Sort key: the item kind, e.g. {@code LOCK} or {@code DEPLOY#<requestedAt>#<id>}. */
  public static final String SK = "sk";

  /** The global secondary index for lookups by id (projection ALL). */
  public static final String BY_ID_INDEX = "byId";

  /** Partition key of {@link #BY_ID_INDEX}, e.g. {@code DEPLOY#<deploymentId>}. */
  public static final String GSI1_PK = "gsi1pk";

  /** Sort key prefix of a stack's history records: {@code DEPLOY#<requestedAt>#<id>}. */
  public static final String DEPLOY_PREFIX = "DEPLOY#";

  /** Sort key prefix of a stack's drift scan records: {@code DRIFT#<ISO-8601 instant>}. */
  public static final String DRIFT_PREFIX = "DRIFT#";

  /**
   * Partition key prefix of a drift scan's progress item: {@code DRIFTSCAN#<scan id>}, sort key
   * {@link #DRIFT_SCAN_SK}; the partition {@link #DRIFT_SCAN_LEASE} holds the running scan's lease.
   */
  public static final String DRIFT_SCAN_PREFIX = "DRIFTSCAN#";

  /** Sort key of a drift scan's progress item, and of the lease item. */
  public static final String DRIFT_SCAN_SK = "SCAN";

  /** Partition key of the one drift scan lease: two scans never run at once. */
  public static final String DRIFT_SCAN_LEASE = "DRIFTSCAN";

  /**
   * Partition key of the drift scans' listing: one item per scan, sort key {@code <epoch millis of
   * its first record, 13 digits>#<scan id>}, written in the transaction that first records the
   * scan ({@code GET /drift-scans} reads it newest first).
   */
  public static final String DRIFT_SCANS_LIST = "DRIFTSCANS";

  /** Sort key prefix of a stack's daily cost: {@code COST#<yyyy-mm-dd>}. */
  public static final String COST_PREFIX = "COST#";

  /**
   * Partition key prefix of a cached price: {@code PRICE#<serviceCode>#<region>#<hash of the
   * attribute set and unit>}, sort key {@link #PRICE_SK}; {@link #TTL} is the end of its refresh
   * period.
   */
  public static final String PRICE_PREFIX = "PRICE#";

  /** Sort key of a cached price item. */
  public static final String PRICE_SK = "PRICE";

  /** Partition and sort key of the one authorization policy item (see {@code auth}). */
  public static final String POLICY_KEY = "POLICY";

  /** Partition and sort key of the item holding the page-token signing key (see {@code paging}). */
  public static final String PAGING_KEY = "PAGING";

  /** pk = sk of the one item holding the notification channels (routes) as JSON. */
  public static final String NOTIFY_CHANNELS_KEY = "NOTIFY#CHANNELS";

  /** Partition of the dead letters: notifications not delivered, sk = their sortable id. */
  public static final String NOTIFY_FAILED_KEY = "NOTIFY#FAILED";

  /** Partition key prefix of a stack's items: {@code STACK#<account>#<region>#<name>}. */
  public static final String STACK_PREFIX = "STACK#";

  /**
   * Partition key prefix of the stack index: {@code STACKS#<account>#<region>}, one item per
   * stack (sort key: its name) holding its latest deployment, so overviews Query one partition
   * instead of scanning the table.
   */
  public static final String STACKS_PREFIX = "STACKS#";

  /**
   * Partition key prefix of the stack index's count: {@code STACKCOUNT#<account>#<region>}, sort
   * key {@code COUNT}, one item holding how many index items there are, raised in the same
   * transaction that creates one, so a page of the index need not read all of it to say "of N".
   */
  public static final String STACK_COUNT_PREFIX = "STACKCOUNT#";

  /**
   * Partition key prefix of the stacks' newest drift: {@code DRIFTLATEST#<account>#<region>}, one
   * item per stack (sort key: its name) summing up its newest {@link #DRIFT_PREFIX} record, kept
   * by the record's writer, so that a page of stacks reads theirs with one BatchGetItem.
   */
  public static final String DRIFT_LATEST_PREFIX = "DRIFTLATEST#";

  /**
   * A used console login ticket ({@code CONSOLETICKET#<ticket id>}, sort key {@code USED}): written
   * once with a condition, so a replayed login link finds it; TTL removes it after the ticket's
   * expiry.
   */
  public static final String CONSOLE_TICKET_PREFIX = "CONSOLETICKET#";

  /** Epoch seconds after which DynamoDB may delete the item; only ever a clean-up. */
  public static final String TTL = "ttl";

  private ControlTable() {}

  /**
   * The table's schema, declared once: the keys, the {@link #BY_ID_INDEX} index, on-demand
   * billing. The control-plane stack (infrastructure) declares the same keys and index for AWS and
   * local mode creates its table from this request; the TTL attribute is {@link #TTL}.
   */
  public static CreateTableRequest createRequest(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(stringAttribute(PK), stringAttribute(SK), stringAttribute(GSI1_PK))
        .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
        .globalSecondaryIndexes(
            GlobalSecondaryIndex.builder()
                .indexName(BY_ID_INDEX)
                .keySchema(key(GSI1_PK, KeyType.HASH))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build())
        .build();
  }

  /**
   * The failure adapters throw when DynamoDB fails for a reason other than a condition (those are
   * expected outcomes, handled where they occur), by the one rule of {@link AwsFailures}: an
   * outage is AWS_UNAVAILABLE and retried; a refusal by the control plane's own table (a missing
   * table or permission, a malformed item) is INTERNAL, with DynamoDB's own reason. E.g. "could not
   * read deployment d-1: DynamoDB failed: rejected by AWS (HTTP 400 ResourceNotFoundException):
   * Requested resource not found".
   */
  public static DeploymentException failure(String whatFailed, SdkException cause) {
    return AwsFailures.failure(whatFailed + ": DynamoDB", cause, ErrorCode.INTERNAL);
  }

  /**
   * Where a paged Query or Scan goes on: its answer's {@code LastEvaluatedKey}, or null when that
   * answer was the last page (the SDK gives an empty map, not null, when DynamoDB sent none).
   */
  public static Map<String, AttributeValue> next(Map<String, AttributeValue> lastEvaluatedKey) {
    return lastEvaluatedKey == null || lastEvaluatedKey.isEmpty() ? null : lastEvaluatedKey;
  }

  private static AttributeDefinition stringAttribute(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  /** Rounds of BatchWriteItem for the items DynamoDB left unprocessed, before giving up. */
  public static final int UNPROCESSED_ROUNDS = 8;

  /**
   * Writes {@code batch} (at most 25 requests) with BatchWriteItem, sending what DynamoDB leaves
   * unprocessed again after 50 ms, 100 ms, ... (at most 1 s), {@link #UNPROCESSED_ROUNDS} rounds.
   *
   * @param what what is written, for the error ("costs for 25 stacks")
   * @param retryHint what the caller may do when the rounds run out, appended to that message
   */
  public static void writeBatch(
      software.amazon.awssdk.services.dynamodb.DynamoDbClient client,
      String tableName,
      java.util.List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> batch,
      String what,
      String retryHint) {
    java.util.Map<String, java.util.List<software.amazon.awssdk.services.dynamodb.model.WriteRequest>>
        pending = java.util.Map.of(tableName, batch);
    for (int round = 0; round < UNPROCESSED_ROUNDS; round++) {
      software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse response;
      try {
        var items = pending;
        response = client.batchWriteItem(r -> r.requestItems(items));
      } catch (SdkException e) {
        throw failure("could not record " + what, e);
      }
      pending = response.unprocessedItems();
      if (pending == null || pending.isEmpty() || pending.values().stream().allMatch(java.util.List::isEmpty)) {
        return;
      }
      try {
        Thread.sleep(Math.min(1_000L, 50L << round));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new dev.fogbank.shared.error.AwsUnavailableException(
            "interrupted while recording " + what);
      }
    }
    throw new dev.fogbank.shared.error.AwsUnavailableException(
        "could not record " + what + ": DynamoDB left items unprocessed after "
            + UNPROCESSED_ROUNDS + " rounds (throughput exceeded); " + retryHint);
  }

  /** BatchGetItem's limit of keys per request. */
  public static final int BATCH_GET = 100;

  /**
   * Reads the items under {@code keys} (any number: BatchGetItem in requests of {@link
   * #BATCH_GET}), asking again for what DynamoDB leaves unprocessed after 50 ms, 100 ms, ... (at
   * most {@link #UNPROCESSED_ROUNDS} rounds a request). Keys without an item are simply not in the answer, whose
   * order is DynamoDB's.
   *
   * @param what what is read, for the error ("the stacks' locks")
   */
  public static java.util.List<java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>>
      batchGet(
          software.amazon.awssdk.services.dynamodb.DynamoDbClient client,
          String tableName,
          java.util.List<java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> keys,
          String what) {
    java.util.List<java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>>
        found = new java.util.ArrayList<>();
    try {
      for (int from = 0; from < keys.size(); from += BATCH_GET) {
        java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes>
            request =
                java.util.Map.of(
                    tableName,
                    software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                        .keys(keys.subList(from, Math.min(keys.size(), from + BATCH_GET)))
                        .build());
        int rounds = 0;
        while (!request.isEmpty() && rounds++ < UNPROCESSED_ROUNDS) {
          var ask = request;
          var answer = client.batchGetItem(r -> r.requestItems(ask));
          found.addAll(answer.responses().getOrDefault(tableName, java.util.List.of()));
          request =
              answer.hasUnprocessedKeys() ? answer.unprocessedKeys() : java.util.Map.of();
          if (!request.isEmpty()) {
            pause(rounds, what);
          }
        }
        if (!request.isEmpty()) {
          throw new dev.fogbank.shared.error.AwsUnavailableException(
              "could not read " + what + ": DynamoDB left keys unprocessed after "
                  + UNPROCESSED_ROUNDS + " rounds (throughput exceeded)");
        }
      }
    } catch (SdkException e) {
      throw failure("could not read " + what, e);
    }
    return found;
  }

  private static void pause(int round, String what) {
    try {
      Thread.sleep(Math.min(1_000L, 50L << (round - 1)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.fogbank.shared.error.AwsUnavailableException(
          "interrupted while reading " + what);
    }
  }
}
