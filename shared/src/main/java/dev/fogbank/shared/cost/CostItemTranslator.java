package dev.fogbank.shared.cost;

import dev.fogbank.shared.table.ControlTable;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@link StackDayCost} to and from its {@code COST#<day>} item under the stack's partition. */
final class CostItemTranslator {
  private CostItemTranslator() {}

  static String sortKey(LocalDate day) {
    return ControlTable.COST_PREFIX + day;
  }

  static Map<String, AttributeValue> toItem(StackDayCost cost, String recordedAt) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ControlTable.PK, s(cost.stack().partitionKey()));
    item.put(ControlTable.SK, s(sortKey(cost.day())));
    item.put("account", s(cost.stack().account()));
    item.put("region", s(cost.stack().region()));
    item.put("stackName", s(cost.stack().name()));
    item.put("day", s(cost.day().toString()));
    // A number keeps the amount exact (DynamoDB numbers have 38 digits) and sortable.
    item.put("amount", AttributeValue.fromN(cost.amount().toPlainString()));
    item.put("unit", s(cost.unit()));
    item.put("recordedAt", s(recordedAt));
    return item;
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
