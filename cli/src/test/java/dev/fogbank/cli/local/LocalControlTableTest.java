package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

@ExtendWith(DynamoDbLocalExtension.class)
class LocalControlTableTest {

  @Test
  void createIfAbsent_whenCalledTwice_thenOneActiveTableWithSchemaIndexAndTtl(
      DynamoDbClient dynamoDb) {
    String name = "control-" + UUID.randomUUID();

    LocalControlTable.createIfAbsent(dynamoDb, name);
    LocalControlTable.createIfAbsent(dynamoDb, name);

    TableDescription table = dynamoDb.describeTable(r -> r.tableName(name)).table();
    try {
      assertEquals(TableStatus.ACTIVE, table.tableStatus());
      assertEquals(List.of(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)), table.keySchema());
      assertTrue(
          table.attributeDefinitions().stream()
              .allMatch(a -> a.attributeType() == ScalarAttributeType.S));
      assertEquals(BillingMode.PAY_PER_REQUEST, table.billingModeSummary().billingMode());
      assertEquals(1, table.globalSecondaryIndexes().size());
      var index = table.globalSecondaryIndexes().getFirst();
      assertEquals("byId", index.indexName());
      assertEquals(List.of(key("gsi1pk", KeyType.HASH)), index.keySchema());
      assertEquals(ProjectionType.ALL, index.projection().projectionType());
      TimeToLiveDescription ttl =
          dynamoDb.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription();
      assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus());
      assertEquals("ttl", ttl.attributeName());
    } finally {
      dynamoDb.deleteTable(r -> r.tableName(name));
    }
  }

  @Test
  void createIfAbsent_whenTableExistsWithoutById_thenRefusesIt(DynamoDbClient dynamoDb) {
    String name = "foreign-" + UUID.randomUUID();
    dynamoDb.createTable(
        r ->
            r.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                    a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)));
    try {
      DeploymentException e =
          assertThrows(
              DeploymentException.class, () -> LocalControlTable.createIfAbsent(dynamoDb, name));
      assertEquals(ErrorCode.INTERNAL, e.code());
      assertTrue(e.getMessage().contains(name) && e.getMessage().contains("byId"), e.getMessage());
    } finally {
      dynamoDb.deleteTable(r -> r.tableName(name));
    }
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
