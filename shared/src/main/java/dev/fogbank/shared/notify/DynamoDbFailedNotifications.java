package dev.fogbank.shared.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.table.ControlTable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link FailedNotifications} on the control table: partition {@code NOTIFY#FAILED}, sort key the
 * dead letter's id (which sorts by time), the event as JSON. Never expires: a dead letter stays
 * until it is delivered.
 */
public final class DynamoDbFailedNotifications implements FailedNotifications {
  private static final AttributeValue PARTITION = AttributeValue.fromS(ControlTable.NOTIFY_FAILED_KEY);

  private final DynamoDbClient client;
  private final String tableName;

  public DynamoDbFailedNotifications(DynamoDbClient client, String tableName) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = Objects.requireNonNull(tableName, "tableName");
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of(ControlTable.PK, PARTITION, ControlTable.SK, AttributeValue.fromS(id));
  }

  @Override
  public void put(FailedNotification failed) {
    Map<String, AttributeValue> item = new HashMap<>(key(failed.id()));
    item.put("channel", AttributeValue.fromS(failed.channel()));
    item.put("code", AttributeValue.fromS(failed.code().name()));
    item.put("message", AttributeValue.fromS(failed.message() == null ? "" : failed.message()));
    if (failed.status() != null) {
      item.put("status", AttributeValue.fromN(failed.status().toString()));
    }
    item.put("attempts", AttributeValue.fromN(Integer.toString(failed.attempts())));
    item.put("failedAt", AttributeValue.fromS(failed.failedAt().toString()));
    if (failed.lastTriedAt() != null) {
      item.put("lastTriedAt", AttributeValue.fromS(failed.lastTriedAt().toString()));
    }
    try {
      item.put("event", AttributeValue.fromS(Json.mapper().writeValueAsString(failed.event())));
    } catch (JsonProcessingException e) {
      throw new DeploymentException(ErrorCode.INTERNAL, "the event could not be serialised");
    }
    try {
      client.putItem(r -> r.tableName(tableName).item(item));
    } catch (SdkException e) {
      throw ControlTable.failure("could not keep the failed notification " + failed.id(), e);
    }
  }

  @Override
  public Optional<FailedNotification> get(String id) {
    Map<String, AttributeValue> item;
    try {
      item = client.getItem(r -> r.tableName(tableName).key(key(id)).consistentRead(true)).item();
    } catch (SdkException e) {
      throw ControlTable.failure("could not read the failed notification " + id, e);
    }
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
  }

  @Override
  public Page list(String cursor, int limit) {
    QueryResponse page;
    try {
      page =
          client.query(
              r -> {
                r.tableName(tableName)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", ControlTable.PK))
                    .expressionAttributeValues(Map.of(":pk", PARTITION))
                    .scanIndexForward(false)
                    .limit(limit);
                if (cursor != null) {
                  r.exclusiveStartKey(key(cursor));
                }
              });
    } catch (SdkException e) {
      throw ControlTable.failure("could not list the failed notifications", e);
    }
    List<FailedNotification> items =
        page.items().stream().map(DynamoDbFailedNotifications::fromItem).toList();
    Map<String, AttributeValue> after = ControlTable.next(page.lastEvaluatedKey());
    String next = after == null ? null : after.get(ControlTable.SK).s();
    return new Page(items, next);
  }

  @Override
  public boolean remove(String id) {
    try {
      Map<String, AttributeValue> old =
          client
              .deleteItem(
                  r -> r.tableName(tableName).key(key(id)).returnValues(ReturnValue.ALL_OLD))
              .attributes();
      return old != null && !old.isEmpty();
    } catch (SdkException e) {
      throw ControlTable.failure("could not remove the failed notification " + id, e);
    }
  }

  private static FailedNotification fromItem(Map<String, AttributeValue> item) {
    DeploymentEvent event;
    try {
      event = Json.mapper().readValue(item.get("event").s(), DeploymentEvent.class);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new DeploymentException(
          ErrorCode.INTERNAL,
          "the failed notification " + item.get(ControlTable.SK).s() + " is not readable");
    }
    return new FailedNotification(
        item.get(ControlTable.SK).s(),
        item.get("channel").s(),
        event,
        ErrorCode.valueOf(item.get("code").s()),
        item.get("message").s(),
        item.containsKey("status") ? Integer.valueOf(item.get("status").n()) : null,
        Integer.parseInt(item.get("attempts").n()),
        Instant.parse(item.get("failedAt").s()),
        item.containsKey("lastTriedAt") ? Instant.parse(item.get("lastTriedAt").s()) : null);
  }
}
