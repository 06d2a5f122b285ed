package dev.fogbank.cli.local;

import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.table.ControlTable;
import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * Local mode's control table: created from {@link ControlTable#createRequest} when the data dir
 * has none (in AWS the control-plane stack creates it), checked when it exists.
 */
public final class LocalControlTable {
  // Real DynamoDB needs seconds to minutes to create a table (the GSI with it); Local is instant.
  private static final Duration POLL_DELAY = Duration.ofSeconds(2);
  private static final Duration MAX_WAIT = Duration.ofMinutes(10);

  private LocalControlTable() {}

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
      throw ControlTable.failure(
          "could not create or check the control table '" + tableName + "'", e);
    }
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
      client.createTable(ControlTable.createRequest(tableName));
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
                .anyMatch(i -> ControlTable.BY_ID_INDEX.equals(i.indexName()));
    if (!hasIndex) {
      throw new DeploymentException(
          ErrorCode.INTERNAL,
          "control table '"
              + tableName
              + "' exists but has no global secondary index '"
              + ControlTable.BY_ID_INDEX
              + "' on '"
              + ControlTable.GSI1_PK
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
                  .timeToLiveSpecification(
                      s -> s.attributeName(ControlTable.TTL).enabled(true)));
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
}
