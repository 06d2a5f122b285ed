package dev.fogbank.shared.auth;

import dev.fogbank.shared.table.ControlTable;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link PolicyStore} on the control table: one item {@code POLICY}/{@code POLICY} holding the
 * policy's JSON, who wrote it and when.
 */
public final class DynamoDbPolicyStore implements PolicyStore {
  private static final Map<String, AttributeValue> KEY =
      Map.of(
          ControlTable.PK, AttributeValue.fromS(ControlTable.POLICY_KEY),
          ControlTable.SK, AttributeValue.fromS(ControlTable.POLICY_KEY));

  private final DynamoDbClient client;
  private final String tableName;
  private final Clock clock;

  public DynamoDbPolicyStore(DynamoDbClient client, String tableName, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = Objects.requireNonNull(tableName, "tableName");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public static DynamoDbPolicyStore create(DynamoDbClient client, String tableName) {
    return new DynamoDbPolicyStore(client, tableName, Clock.systemUTC());
  }

  @Override
  public Optional<AccessPolicy> read() {
    Map<String, AttributeValue> item;
    try {
      // Strongly consistent: a grant just revoked must not keep working.
      item = client.getItem(r -> r.tableName(tableName).key(KEY).consistentRead(true)).item();
    } catch (SdkException e) {
      throw ControlTable.failure("could not read the authorization policy", e);
    }
    if (item == null || !item.containsKey("document")) {
      return Optional.empty();
    }
    return Optional.of(AccessPolicy.fromJson(item.get("document").s()));
  }

  @Override
  public void write(AccessPolicy policy, String by) {
    try {
      client.putItem(r -> r.tableName(tableName).item(item(policy, by)));
    } catch (SdkException e) {
      throw ControlTable.failure("could not store the authorization policy", e);
    }
  }

  @Override
  public boolean writeIfAbsent(AccessPolicy policy, String by) {
    try {
      client.putItem(
          r ->
              r.tableName(tableName)
                  .item(item(policy, by))
                  .conditionExpression("attribute_not_exists(#pk)")
                  .expressionAttributeNames(Map.of("#pk", ControlTable.PK)));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw ControlTable.failure("could not store the authorization policy", e);
    }
  }

  private Map<String, AttributeValue> item(AccessPolicy policy, String by) {
    Map<String, AttributeValue> item = new java.util.HashMap<>(KEY);
    item.put("document", AttributeValue.fromS(policy.toJsonText()));
    item.put("updatedBy", AttributeValue.fromS(by));
    item.put("updatedAt", AttributeValue.fromS(clock.instant().toString()));
    return item;
  }
}
