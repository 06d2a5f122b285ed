package dev.fogbank.shared.drift;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * {@link ManagedStacks} from the control table: the partitions {@code STACK#<account>#<region>#...}
 * of this account and region that hold a {@code DEPLOY#} history record.
 *
 * <p>For now a paginated Scan with a filter and a projection of the key: it reads (and pays for)
 * every item in the table, which is fine for hundreds of stacks. When that grows, keep a {@code
 * STACKS} index item per stack (written with the first deployment) and Query it instead. Pages are
 * bounded so that one invocation cannot read without end.
 */
public final class DynamoDbManagedStacks implements ManagedStacks {
  static final int MAX_PAGES = 100;

  private final DynamoDbClient client;
  private final String tableName;
  private final String account;
  private final String region;

  public DynamoDbManagedStacks(
      DynamoDbClient client, String tableName, String account, String region) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = Objects.requireNonNull(tableName, "tableName");
    this.account = Objects.requireNonNull(account, "account");
    this.region = Objects.requireNonNull(region, "region");
  }

  @Override
  public List<StackRef> list(int limit) {
    String prefix = ControlTable.STACK_PREFIX + account + "#" + region + "#";
    TreeMap<String, StackRef> found = new TreeMap<>();
    Map<String, AttributeValue> start = null;
    int pages = 0;
    try {
      do {
        Map<String, AttributeValue> from = start;
        ScanResponse page =
            client.scan(
                r ->
                    r.tableName(tableName)
                        .filterExpression("begins_with(#pk, :stack) AND begins_with(#sk, :deploy)")
                        .projectionExpression("#pk")
                        .expressionAttributeNames(
                            Map.of("#pk", ControlTable.PK, "#sk", ControlTable.SK))
                        .expressionAttributeValues(
                            Map.of(
                                ":stack", AttributeValue.fromS(prefix),
                                ":deploy", AttributeValue.fromS(ControlTable.DEPLOY_PREFIX)))
                        .exclusiveStartKey(from));
        for (Map<String, AttributeValue> item : page.items()) {
          AttributeValue pk = item.get(ControlTable.PK);
          if (pk != null) {
            DriftItemTranslator.stackOf(pk.s()).ifPresent(s -> found.put(s.name(), s));
          }
        }
        start =
            page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? page.lastEvaluatedKey()
                : null;
        pages++;
      } while (start != null && pages < MAX_PAGES);
    } catch (SdkException e) {
      throw ControlTable.failure("could not list the managed stacks", e);
    }
    return found.values().stream().limit(limit).toList();
  }
}
