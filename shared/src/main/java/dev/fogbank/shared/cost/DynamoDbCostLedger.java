package dev.fogbank.shared.cost;

import dev.fogbank.shared.table.ControlTable;
import java.time.Clock;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link CostLedger} on the control table: an unconditional put of {@code COST#<day>} under the
 * stack's partition, so that a re-run (or a later, revised figure) replaces the day.
 */
public final class DynamoDbCostLedger implements CostLedger {
  private final DynamoDbClient client;
  private final String tableName;
  private final Clock clock;

  public DynamoDbCostLedger(DynamoDbClient client, String tableName, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = Objects.requireNonNull(tableName, "tableName");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void record(StackDayCost cost) {
    try {
      client.putItem(
          r ->
              r.tableName(tableName)
                  .item(CostItemTranslator.toItem(cost, clock.instant().toString())));
    } catch (SdkException e) {
      throw ControlTable.failure(
          "could not record the cost of stack '" + cost.stack().name() + "' on " + cost.day(), e);
    }
  }
}
