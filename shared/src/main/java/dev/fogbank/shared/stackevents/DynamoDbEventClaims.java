package dev.fogbank.shared.stackevents;

import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.table.ControlTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link EventClaims} on the control table: one {@code EVENT#<id>} item per event, written with a
 * condition that it does not exist yet, so DynamoDB decides which of two concurrent deliveries
 * wins. TTL removes the item days later; nothing reads it after the redelivery window.
 */
public final class DynamoDbEventClaims implements EventClaims {
  private static final String CLAIM_CONDITION = "attribute_not_exists(#pk)";

  private final DynamoDbClient client;
  private final String tableName;

  public DynamoDbEventClaims(DynamoDbClient client, String tableName) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = Objects.requireNonNull(tableName, "tableName");
  }

  @Override
  public boolean claim(EventClaim claim) {
    Objects.requireNonNull(claim, "claim");
    try {
      client.putItem(
          r ->
              r.tableName(tableName)
                  .item(EventClaimTranslator.toItem(claim))
                  .conditionExpression(CLAIM_CONDITION)
                  .expressionAttributeNames(Map.of("#pk", ControlTable.PK)));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw ControlTable.failure(
          "could not claim event " + claim.eventId() + " (" + claim.description() + ")", e);
    }
  }

  @Override
  public boolean release(String eventId) {
    Objects.requireNonNull(eventId, "eventId");
    try {
      client.deleteItem(r -> r.tableName(tableName).key(EventClaimTranslator.key(eventId)));
      return true;
    } catch (SdkException e) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("eventId", eventId);
      fields.put("error", ControlTable.failure("could not release the claim", e).getMessage());
      StructuredLog.error("event_claim_release_failed", fields);
      return false;
    }
  }
}
