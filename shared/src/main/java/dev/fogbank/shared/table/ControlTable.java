package dev.fogbank.shared.table;

import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The control plane's single DynamoDB table: its key schema, the {@code byId} index and the TTL
 * attribute. Adapters use the attribute names here so the schema lives in one place; the
 * control-plane stack (infrastructure) declares the same table for AWS.
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

  /** Sort key prefix of a stack's daily cost: {@code COST#<yyyy-mm-dd>}. */
  public static final String COST_PREFIX = "COST#";

  /** Partition key prefix of a stack's items: {@code STACK#<account>#<region>#<name>}. */
  public static final String STACK_PREFIX = "STACK#";

  /** Epoch seconds after which DynamoDB may delete the item; only ever a clean-up. */
  public static final String TTL = "ttl";

  // Real DynamoDB needs seconds to minutes to create a table (the GSI with it); Local is instant.
  private static final Duration POLL_DELAY = Duration.ofSeconds(2);
  private static final Duration MAX_WAIT = Duration.ofMinutes(10);

  private ControlTable() {}

  /**
   * Creates the table unless it exists, waits until it is ACTIVE and enables TTL. Safe to call from
   * several processes at once. An existing table without the {@code byId} index is refused rather
   * than silently used: fogbank did not make it, and lookups through the index would fail later
   * and obscurely.
   */
  public static void createIfAbsent(DynamoDbClient client, String tableName) {
    try {
      if (describe(client, tableName) == null) {
        create(client, tableName);
      }
      TableDescription table = waitUntilActive(client, tableName);
      requireByIdIndex(table, tableName);
      enableTtl(client, tableName);
    } catch (SdkException e) {
      throw unavailable("could not create or check the control table '" + tableName + "'", e);
    }
  }

  /**
   * The exception adapters throw when DynamoDB fails for a reason other than a condition: the
   * message names what we were doing and the service's error code, never the service's own text
   * (which can be long, change between versions, or echo request data).
   */
  public static AwsUnavailableException unavailable(String whatFailed, SdkException cause) {
    return new AwsUnavailableException(whatFailed + ": DynamoDB " + describe(cause), cause);
  }

  private static String describe(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      String code = service.awsErrorDetails().errorCode();
      return "answered " + service.statusCode() + (code == null ? "" : " " + code);
    }
    if (e instanceof SdkClientException) {
      return "could not be reached (" + e.getClass().getSimpleName() + ")";
    }
    return "failed (" + e.getClass().getSimpleName() + ")";
  }

  private static TableDescription describe(DynamoDbClient client, String tableName) {
    try {
      return client.describeTable(r -> r.tableName(tableName)).table();
    } catch (ResourceNotFoundException e) {
      return null;
    }
  }

  private static void create(DynamoDbClient client, String tableName) {
    try {
      client.createTable(
          r ->
              r.tableName(tableName)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      stringAttribute(PK), stringAttribute(SK), stringAttribute(GSI1_PK))
                  .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                  .globalSecondaryIndexes(
                      GlobalSecondaryIndex.builder()
                          .indexName(BY_ID_INDEX)
                          .keySchema(key(GSI1_PK, KeyType.HASH))
                          .projection(
                              Projection.builder().projectionType(ProjectionType.ALL).build())
                          .build()));
    } catch (ResourceInUseException e) {
      // Another process created it between our describe and create: that is the goal reached.
    }
  }

  private static TableDescription waitUntilActive(DynamoDbClient client, String tableName) {
    // The waiter borrows the client (closing the waiter leaves the client open).
    try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client).build()) {
      WaiterResponse<DescribeTableResponse> response =
          waiter.waitUntilTableExists(
              r -> r.tableName(tableName),
              c ->
                  c.backoffStrategyV2(BackoffStrategy.fixedDelay(POLL_DELAY))
                      .waitTimeout(MAX_WAIT));
      return response
          .matched()
          .response()
          .map(DescribeTableResponse::table)
          .orElseThrow(
              () ->
                  new AwsUnavailableException(
                      "control table '" + tableName + "' did not become ACTIVE"));
    }
  }

  private static void requireByIdIndex(TableDescription table, String tableName) {
    boolean hasIndex =
        table.hasGlobalSecondaryIndexes()
            && table.globalSecondaryIndexes().stream()
                .anyMatch(i -> BY_ID_INDEX.equals(i.indexName()));
    if (!hasIndex) {
      throw new DeploymentException(
          ErrorCode.INTERNAL,
          "control table '"
              + tableName
              + "' exists but has no global secondary index '"
              + BY_ID_INDEX
              + "' on '"
              + GSI1_PK
              + "'; it was not created by fogbank or by an older version");
    }
  }

  private static void enableTtl(DynamoDbClient client, String tableName) {
    try {
      TimeToLiveStatus status =
          client
              .describeTimeToLive(r -> r.tableName(tableName))
              .timeToLiveDescription()
              .timeToLiveStatus();
      if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
        return;
      }
      client.updateTimeToLive(
          r ->
              r.tableName(tableName)
                  .timeToLiveSpecification(s -> s.attributeName(TTL).enabled(true)));
    } catch (DynamoDbException e) {
      // TTL is only clean-up (every expiry that matters is checked in a condition expression), so
      // a store that cannot do it — an emulator without TTL, or a concurrent enable that makes
      // DynamoDB answer ValidationException — must not stop the control plane from starting.
      if (!isTolerableTtlFailure(e)) {
        throw e;
      }
    }
  }

  private static boolean isTolerableTtlFailure(DynamoDbException e) {
    if (e.awsErrorDetails() == null) {
      return false;
    }
    String code = e.awsErrorDetails().errorCode();
    return "ValidationException".equals(code)
        || "UnknownOperationException".equals(code)
        || e.statusCode() == 501;
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
}
