package dev.fogbank.shared.drift;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link DriftRecords} on the control table: {@code DRIFT#<ISO instant>} items under the stack's
 * partition, so a stack's scans sort by time and the newest is one query away.
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
  }
}
