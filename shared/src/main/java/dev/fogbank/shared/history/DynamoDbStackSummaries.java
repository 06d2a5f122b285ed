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
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * {@link StackSummaries} from the stack index ({@code STACKS#<account>#<region>}, one item per
 * stack that {@link DynamoDbDeploymentHistory} points at its latest deployment): one Query (a page
 * of it for {@link #page} and {@link #pageBefore}), then the stacks' lock items in batches of 100
 * (BatchGetItem); {@link #count} from the index's count item ({@code STACKCOUNT#}), one GetItem. A table written before the index
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
      StackSummary summary = summary(item);
      byName.put(summary.stack().name(), summary);
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
      String after, int limit, Predicate<StackSummary> keep) {
    List<StackSummary> kept = new ArrayList<>();
    boolean[] any = {false};
    queryIndexPages(
        after == null ? null : indexKey(after),
        r -> r.projectionExpression(INDEX_PROJECTION)
            .expressionAttributeNames(names())
            .limit(Math.max(25, limit)),
        answer -> {
          for (Map<String, AttributeValue> item : answer.items()) {
            any[0] = true;
            StackSummary summary = summary(item);
            if (kept.size() < limit && keep.test(summary)) {
              kept.add(summary);
            }
          }
          return kept.size() < limit;
        });
    if (!any[0] && after == null) {
      return StackSummaries.super.page(null, limit, keep);
    }
    return List.copyOf(kept);
  }

  /**
   * Reads the index backwards from {@code before} in Queries of {@code limit} items until {@code
   * limit} are read or the index starts. Without index items: {@link StackSummaries#pageBefore}
   * over the Scan.
   */
  @Override
  public List<StackSummary> pageBefore(String before, int limit) {
    List<StackSummary> read = new ArrayList<>();
    queryIndexPages(
        indexKey(before),
        r -> r.projectionExpression(INDEX_PROJECTION)
            .expressionAttributeNames(names())
            .scanIndexForward(false)
            .limit(limit - read.size()),
        answer -> {
          answer.items().forEach(item -> read.add(summary(item)));
          return read.size() < limit;
        });
    if (read.isEmpty()) {
      // No index items before it, or none at all (a table written before the index: the Scan).
      return StackSummaries.super.pageBefore(before, limit);
    }
    return List.copyOf(read.reversed());
  }

  /**
   * The index's count item (one GetItem): the index items created since counting began, each
   * counted in the transaction that created it ({@link DynamoDbDeploymentHistory}), plus those
   * that existed before. The latter are counted once, when the item has no such figure yet (a
   * table indexed before counting began, or a new one): one Query of the index that counts the
   * items not marked as counted, stored on a condition so that concurrent first readers agree.
   * Those items never lose or gain the mark and every new one is counted when created, so the
   * stored figure stays right. A table without index items (written before the index): {@link
   * #list}'s size, from its Scan.
   */
  @Override
  public int count() {
    Map<String, AttributeValue> key = DeploymentRecordTranslator.countKey(account, region);
    long total;
    try {
      Map<String, AttributeValue> item =
          client.getItem(r -> r.tableName(tableName).key(key)).item();
      total =
          item != null && item.containsKey(DeploymentRecordTranslator.LEGACY)
              ? total(item)
              : countLegacy(key);
    } catch (SdkException e) {
      throw ControlTable.failure("could not read the stack count", e);
    }
    return total > 0 ? (int) total : list().size();
  }

  private long countLegacy(Map<String, AttributeValue> key) {
    long[] legacy = {0};
    queryIndexPages(
        null,
        r -> r.filterExpression("attribute_not_exists(#counted)")
            .select(Select.COUNT)
            .consistentRead(true)
            .expressionAttributeNames(
                Map.of("#pk", ControlTable.PK, "#counted", DeploymentRecordTranslator.COUNTED)),
        answer -> {
          legacy[0] += answer.count();
          return true;
        });
    long counted = legacy[0];
    try {
      return total(
          client
              .updateItem(
                  r ->
                      r.tableName(tableName)
                          .key(key)
                          .updateExpression("SET #legacy = :legacy")
                          .conditionExpression("attribute_not_exists(#legacy)")
                          .expressionAttributeNames(
                              Map.of("#legacy", DeploymentRecordTranslator.LEGACY))
                          .expressionAttributeValues(
                              Map.of(":legacy", AttributeValue.fromN(Long.toString(counted))))
                          .returnValues(ReturnValue.ALL_NEW))
              .attributes());
    } catch (ConditionalCheckFailedException e) {
      // Another reader stored it first (the same figure).
      return total(
          client.getItem(r -> r.tableName(tableName).key(key).consistentRead(true)).item());
    }
  }

  private static long total(Map<String, AttributeValue> item) {
    return number(item, DeploymentRecordTranslator.LEGACY)
        + number(item, DeploymentRecordTranslator.CREATED);
  }

  private static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item == null ? null : item.get(name);
    return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
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
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    // Only what a summary shows (not the latest record's sort key, nor the partition key):
    // every poll of the stacks page reads the whole index.
    queryIndexPages(
        null,
        r -> r.projectionExpression(INDEX_PROJECTION).expressionAttributeNames(names()),
        answer -> {
          items.addAll(answer.items());
          return true;
        });
    return items;
  }

  /**
   * Queries the stack index's partition from {@code start} (null: its first item), one page after
   * another, shaped by {@code shape} (which names {@code #pk}), handing each page to {@code more}
   * until it answers false, the index ends or {@link #MAX_PAGES} Queries are made. Pages are
   * followed by hand, not queryPaginator: the scans artifact (drift reads the managed stacks from
   * here) leaves the SDK's paginator classes out.
   */
  private void queryIndexPages(
      Map<String, AttributeValue> start,
      UnaryOperator<QueryRequest.Builder> shape,
      Predicate<QueryResponse> more) {
    String pk = indexPartition();
    try {
      Map<String, AttributeValue> from = start;
      int pages = 0;
      do {
        Map<String, AttributeValue> at = from;
        QueryResponse answer =
            client.query(
                shape
                    .apply(
                        QueryRequest.builder()
                            .tableName(tableName)
                            .keyConditionExpression("#pk = :pk")
                            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                            .exclusiveStartKey(at))
                    .build());
        from =
            answer.hasLastEvaluatedKey() && !answer.lastEvaluatedKey().isEmpty()
                ? answer.lastEvaluatedKey()
                : null;
        if (!more.test(answer)) {
          return;
        }
      } while (from != null && ++pages < MAX_PAGES);
    } catch (SdkException e) {
      throw ControlTable.failure("could not read the stack index", e);
    }
  }

  private String indexPartition() {
    return ControlTable.STACKS_PREFIX + account + "#" + region;
  }

  private Map<String, AttributeValue> indexKey(String stackName) {
    return Map.of(ControlTable.PK, AttributeValue.fromS(indexPartition()),
        ControlTable.SK, AttributeValue.fromS(stackName));
  }

  private StackSummary summary(Map<String, AttributeValue> indexItem) {
    return summary(StackRef.of(account, region, indexItem.get(ControlTable.SK).s()), indexItem);
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
