package dev.fogbank.shared.paging;

import dev.fogbank.shared.table.ControlTable;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The key that signs page tokens, one per control plane: item {@code PAGING}/{@code PAGING} of
 * the control table, created on first use (the first writer wins, everyone reads the winner), so
 * every API container and restart accepts the others' tokens. Read once per process.
 */
public final class DynamoDbPageKey implements Supplier<byte[]> {
  private static final Map<String, AttributeValue> KEY =
      Map.of(
          ControlTable.PK, AttributeValue.fromS(ControlTable.PAGING_KEY),
          ControlTable.SK, AttributeValue.fromS(ControlTable.PAGING_KEY));

  private final DynamoDbClient client;
  private final String tableName;
  private volatile byte[] key;

  public DynamoDbPageKey(DynamoDbClient client, String tableName) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = Objects.requireNonNull(tableName, "tableName");
  }

  @Override
  public byte[] get() {
    byte[] known = key;
    if (known == null) {
      known = readOrCreate();
      key = known;
    }
    return known;
  }

  private byte[] readOrCreate() {
    try {
      Map<String, AttributeValue> item =
          client.getItem(r -> r.tableName(tableName).key(KEY).consistentRead(true)).item();
      if (item != null && item.containsKey("secret")) {
        return item.get("secret").b().asByteArray();
      }
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      Map<String, AttributeValue> created = new java.util.HashMap<>(KEY);
      created.put("secret", AttributeValue.fromB(SdkBytes.fromByteArray(fresh)));
      try {
        client.putItem(
            r ->
                r.tableName(tableName)
                    .item(created)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", ControlTable.PK)));
        return fresh;
      } catch (ConditionalCheckFailedException raced) {
        return client
            .getItem(r -> r.tableName(tableName).key(KEY).consistentRead(true))
            .item()
            .get("secret")
            .b()
            .asByteArray();
      }
    } catch (SdkException e) {
      throw ControlTable.failure("could not read the page-token key", e);
    }
  }
}
