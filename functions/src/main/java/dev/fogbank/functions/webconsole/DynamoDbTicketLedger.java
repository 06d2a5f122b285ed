package dev.fogbank.functions.webconsole;

import dev.fogbank.functions.console.TicketLedger;
import dev.fogbank.shared.table.ControlTable;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Used console login tickets in the control table: one conditional PutItem per login, so of two
 * uses of the same ticket (a replay, or two containers racing) exactly one succeeds.
 */
public final class DynamoDbTicketLedger implements TicketLedger {
  private static final String USED = "USED";

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final Clock clock;

  public DynamoDbTicketLedger(DynamoDbClient dynamoDb, String table, Clock clock) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    this.clock = clock;
  }

  @Override
  public boolean firstUse(String id, String caller, Instant expiresAt) {
    try {
      dynamoDb.putItem(
          r ->
              r.tableName(table)
                  .item(
                      Map.of(
                          ControlTable.PK, s(ControlTable.CONSOLE_TICKET_PREFIX + id),
                          ControlTable.SK, s(USED),
                          "caller", s(caller),
                          "usedAt", s(clock.instant().toString()),
                          // Kept a day past the expiry: the ticket is refused by then anyway.
                          ControlTable.TTL,
                              AttributeValue.fromN(
                                  Long.toString(expiresAt.getEpochSecond() + 86_400))))
                  .conditionExpression("attribute_not_exists(#pk)")
                  .expressionAttributeNames(Map.of("#pk", ControlTable.PK)));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw ControlTable.failure("could not record the use of a console login ticket", e);
    }
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
