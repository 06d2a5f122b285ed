package dev.fogbank.shared.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.table.ControlTable;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link NotificationChannels} on the control table: one item {@code NOTIFY#CHANNELS} holding the
 * channels as JSON, who wrote them and when (50 channels stay far under DynamoDB's 400 KB).
 */
public final class DynamoDbNotificationChannels implements NotificationChannels {
  private static final Map<String, AttributeValue> KEY =
      Map.of(
          ControlTable.PK, AttributeValue.fromS(ControlTable.NOTIFY_CHANNELS_KEY),
          ControlTable.SK, AttributeValue.fromS(ControlTable.NOTIFY_CHANNELS_KEY));
  private static final TypeReference<List<NotificationChannel>> LIST = new TypeReference<>() {};

  private final DynamoDbClient client;
  private final String tableName;
  private final Clock clock;

  public DynamoDbNotificationChannels(DynamoDbClient client, String tableName, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = Objects.requireNonNull(tableName, "tableName");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public List<NotificationChannel> list() {
    Map<String, AttributeValue> item;
    try {
      item = client.getItem(r -> r.tableName(tableName).key(KEY).consistentRead(true)).item();
    } catch (SdkException e) {
      throw ControlTable.failure("could not read the notification channels", e);
    }
    if (item == null || !item.containsKey("channels")) {
      return List.of();
    }
    try {
      return Json.mapper().readValue(item.get("channels").s(), LIST);
    } catch (JsonProcessingException e) {
      throw new DeploymentException(
          ErrorCode.INTERNAL, "the stored notification channels are not readable JSON");
    }
  }

  @Override
  public void replace(List<NotificationChannel> channels, String by) {
    Map<String, AttributeValue> item = new HashMap<>(KEY);
    try {
      item.put("channels", AttributeValue.fromS(Json.mapper().writeValueAsString(channels)));
    } catch (JsonProcessingException e) {
      throw new DeploymentException(ErrorCode.INTERNAL, "the channels could not be serialised");
    }
    item.put("updatedBy", AttributeValue.fromS(by == null ? "unknown" : by));
    item.put("updatedAt", AttributeValue.fromS(clock.instant().toString()));
    try {
      client.putItem(r -> r.tableName(tableName).item(item));
    } catch (SdkException e) {
      throw ControlTable.failure("could not store the notification channels", e);
    }
  }
}
