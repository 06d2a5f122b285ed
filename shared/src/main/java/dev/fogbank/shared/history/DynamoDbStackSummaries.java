package dev.fogbank.shared.history;

import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.lock.LockItemTranslator;
import dev.fogbank.shared.lock.StackLock;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * {@link StackSummaries} from the stack index ({@code STACKS#<account>#<region>}, one item per
 * stack that {@link DynamoDbDeploymentHistory} points at its latest deployment): one Query, then
 * the stacks' lock items in batches of 100 (BatchGetItem). A table written before the index
 * existed has no index items: then one paginated Scan that projects only the summary's
 * attributes (it reads every item: seconds for 10,000 deployments).
 */
public final class DynamoDbStackSummaries implements StackSummaries {
  static final int MAX_PAGES = 200;

  private static final String PROJECTION =
      "#pk, #sk, #id, #status, #requester, #requestedAt, #source";

  /** The stack index items' attributes a summary reads (the name is the sort key). */
  private static final String INDEX_PROJECTION =
      "#sk, #id, #status, #requester, #requestedAt, #source";

  private final DynamoDbClient client;
  private final String tableName;
  private final String account;
  private final String region;
  private final Clock clock;

  public DynamoDbStackSummaries(
      DynamoDbClient client, String tableName, String account, String region, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = Objects.requireNonNull(tableName, "tableName");
    this.account = Objects.requireNonNull(account, "account");
    this.region = Objects.requireNonNull(region, "region");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public List<StackSummary> list() {
    List<Map<String, AttributeValue>> index = queryIndex();
    if (index.isEmpty()) {
      return scan();
    }
    TreeMap<String, StackSummary> byName = new TreeMap<>();
    for (Map<String, AttributeValue> item : index) {
      StackRef stack = StackRef.of(account, region, item.get(ControlTable.SK).s());
      byName.put(stack.name(), summary(stack, item));
    }
    return List.copyOf(byName.values());
  }

  /**
   * Reads the index from {@code after} on in Queries of {@code limit} items (at least 25), until
   * {@code limit} are kept or the index ends: a caller who may read every stack pays one Query of
   * a page's items, not the whole index. Without index items: {@link StackSummaries#page} over
   * the Scan.
   */
  @Override
  public List<StackSummary> page(
      String after, int limit, java.util.function.Predicate<StackSummary> keep) {
    String pk = ControlTable.STACKS_PREFIX + account + "#" + region;
    List<StackSummary> kept = new ArrayList<>();
    Map<String, AttributeValue> start =
        after == null
            ? null
            : Map.of(ControlTable.PK, AttributeValue.fromS(pk),
                ControlTable.SK, AttributeValue.fromS(after));
    int pages = 0;
    boolean any = false;
    try {
      do {
        Map<String, AttributeValue> from = start;
        var answer =
            client.query(
                r ->
                    r.tableName(tableName)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", ControlTable.PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                        .limit(Math.max(25, limit))
                        .exclusiveStartKey(from));
        for (Map<String, AttributeValue> item : answer.items()) {
          any = true;
          StackRef stack = StackRef.of(account, region, item.get(ControlTable.SK).s());
          StackSummary summary = summary(stack, item);
          if (kept.size() < limit && keep.test(summary)) {
            kept.add(summary);
          }
        }
        start =
            answer.hasLastEvaluatedKey() && !answer.lastEvaluatedKey().isEmpty()
                ? answer.lastEvaluatedKey()
                : null;
      } while (kept.size() < limit && start != null && ++pages < MAX_PAGES);
    } catch (SdkException e) {
      throw ControlTable.failure("could not read the stack index", e);
    }
    if (!any && after == null) {
      return StackSummaries.super.page(null, limit, keep);
    }
    return List.copyOf(kept);
  }

  @Override
  public List<StackSummary> withLocks(List<StackSummary> some) {
    Map<String, StackLock> locks = locks(some.stream().map(StackSummary::stack).toList());
    Instant now = clock.instant();
    return some.stream()
        .map(
            x -> {
              StackLock lock = locks.get(x.stack().name());
              return new StackSummary(
                  x.stack(), x.latestDeploymentId(), x.latestStatus(), x.requester(),
                  x.requestedAt(), x.source(), lock == null || lock.isExpiredAt(now) ? null : lock);
            })
        .toList();
  }

  private List<Map<String, AttributeValue>> queryIndex() {
    String pk = ControlTable.STACKS_PREFIX + account + "#" + region;
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    // Pages followed by hand, not queryPaginator: the scans artifact (drift reads the managed
    // stacks from here) leaves the SDK's paginator classes out.
    try {
      Map<String, AttributeValue> start = null;
      int pages = 0;
      do {
        Map<String, AttributeValue> from = start;
        // Only what a summary shows (not the latest record's sort key, nor the partition key):
        // every poll of the stacks page reads the whole index.
        var page =
            client.query(
                r ->
                    r.tableName(tableName)
                        .keyConditionExpression("#pk = :pk")
                        .projectionExpression(INDEX_PROJECTION)
                        .expressionAttributeNames(names())
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                        .exclusiveStartKey(from));
        items.addAll(page.items());
        start =
            page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? page.lastEvaluatedKey()
                : null;
      } while (start != null && ++pages < MAX_PAGES);
    } catch (SdkException e) {
      throw ControlTable.failure("could not read the stack index", e);
    }
    return items;
  }

  private Map<String, StackLock> locks(List<StackRef> stacks) {
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (StackRef stack : stacks) {
      keys.add(
          Map.of(
              ControlTable.PK, AttributeValue.fromS(stack.partitionKey()),
              ControlTable.SK, AttributeValue.fromS(LockItemTranslator.LOCK_SK)));
    }
    Map<String, StackLock> found = new HashMap<>();
    String prefix = ControlTable.STACK_PREFIX + account + "#" + region + "#";
    for (Map<String, AttributeValue> item :
        ControlTable.batchGet(client, tableName, keys, "the stacks' locks")) {
      StackRef stack =
          StackRef.of(account, region, item.get(ControlTable.PK).s().substring(prefix.length()));
      found.put(stack.name(), LockItemTranslator.fromItem(stack, item));
    }
    return found;
  }

  private static StackSummary summary(StackRef stack, Map<String, AttributeValue> item) {
    return new StackSummary(
        stack,
        str(item, DeploymentRecordTranslator.DEPLOYMENT_ID),
        DeploymentStatus.valueOf(str(item, DeploymentRecordTranslator.STATUS)),
        str(item, DeploymentRecordTranslator.REQUESTER),
        Instant.parse(str(item, DeploymentRecordTranslator.REQUESTED_AT)),
        DeploymentSource.fromWire(str(item, DeploymentRecordTranslator.SOURCE)),
        null);
  }

  private List<StackSummary> scan() {
    String prefix = ControlTable.STACK_PREFIX + account + "#" + region + "#";
    Map<String, Map<String, AttributeValue>> latest = new HashMap<>();
    Map<String, AttributeValue> start = null;
    int pages = 0;
    try {
      do {
        Map<String, AttributeValue> from = start;
        ScanResponse page =
            client.scan(
                r ->
                    r.tableName(tableName)
                        .filterExpression(
                            "begins_with(#pk, :stack) AND begins_with(#sk, :deploy)")
                        .projectionExpression(PROJECTION)
                        .expressionAttributeNames(names())
                        .expressionAttributeValues(
                            Map.of(
                                ":stack", AttributeValue.fromS(prefix),
                                ":deploy", AttributeValue.fromS(ControlTable.DEPLOY_PREFIX)))
                        .exclusiveStartKey(from));
        for (Map<String, AttributeValue> item : page.items()) {
          String pk = item.get(ControlTable.PK).s();
          latest.merge(pk, item, (a, b) -> sk(a).compareTo(sk(b)) >= 0 ? a : b);
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
    TreeMap<String, StackSummary> byName = new TreeMap<>();
    latest.forEach(
        (pk, item) -> {
          StackRef stack = StackRef.of(account, region, pk.substring(prefix.length()));
          byName.put(stack.name(), summary(stack, item));
        });
    return List.copyOf(byName.values());
  }

  private static Map<String, String> names() {
    Map<String, String> names = new HashMap<>();
    names.put("#pk", ControlTable.PK);
    names.put("#sk", ControlTable.SK);
    names.put("#id", DeploymentRecordTranslator.DEPLOYMENT_ID);
    names.put("#status", DeploymentRecordTranslator.STATUS);
    names.put("#requester", DeploymentRecordTranslator.REQUESTER);
    names.put("#requestedAt", DeploymentRecordTranslator.REQUESTED_AT);
    names.put("#source", DeploymentRecordTranslator.SOURCE);
    return names;
  }

  private static String sk(Map<String, AttributeValue> item) {
    return item.get(ControlTable.SK).s();
  }

  private static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }
}
