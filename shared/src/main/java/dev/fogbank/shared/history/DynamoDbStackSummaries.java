package dev.fogbank.shared.history;

import dev.fogbank.shared.concurrent.ConcurrentReads;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.lock.LockItemTranslator;
import dev.fogbank.shared.lock.StackLock;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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

  /**
   * The letters of a name prefix whose two cases each get a key range of their own (2^3 = 8
   * Queries at most, made at once); the letters after them bound one range.
   */
  static final int CASED_LETTERS = 3;

  /** The most items one Query of {@link #matching} asks for (a range's later Queries grow 4x to it). */
  static final int LARGEST_QUERY = 1000;

  /** Above every character of a stack name ([a-zA-Z][-a-zA-Z0-9]*) in byte order. */
  private static final String HIGHEST = "\uffff";

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
   * Reads the index from {@code from} in Queries of {@code limit} items (at least 25; each further
   * Query of a range four times larger, up to {@link #LARGEST_QUERY}) until {@code limit} are kept
   * or the names that may match end, instead of the whole index. With a prefix,
   * only the key ranges its names can lie in: names sort by their bytes and the prefix matches
   * any case, so one range per case variant of its first {@link #CASED_LETTERS} letters (the rest
   * bounded by its upper- and lower-case forms; a name in a range that does not match is read and
   * left out), their first Queries made at once, then read in name order. Without index items:
   * {@link StackSummaries#matching} over the Scan.
   */
  @Override
  public List<StackSummary> matching(
      String prefix, String from, boolean backward, int limit, Predicate<StackSummary> keep) {
    List<String[]> ranges = new ArrayList<>(ranges(prefix));
    if (backward) {
      Collections.reverse(ranges);
    }
    // Without a literal start every index item may be read: read only the name and status, which
    // the filter looks at (a third of each item's bytes), then the kept rows whole.
    boolean light = prefix == null || prefix.isEmpty();
    List<ConcurrentReads.Read<QueryResponse>> first = new ArrayList<>();
    for (String[] range : ranges) {
      QueryRequest request =
          rangeQuery(range, from, backward, Math.max(25, limit + 1), null, light);
      first.add(
          request == null
              ? null
              : ranges.size() == 1
                  ? ConcurrentReads.done(null)
                  : ConcurrentReads.start(() -> query(request)));
    }
    List<StackSummary> kept = new ArrayList<>();
    boolean any = false;
    try {
      for (int i = 0; i < ranges.size() && kept.size() < limit; i++) {
        if (first.get(i) == null) {
          continue;
        }
        QueryResponse answer = first.get(i).join();
        if (answer == null) {
          answer = query(
              rangeQuery(ranges.get(i), from, backward, Math.max(25, limit + 1), null, light));
        }
        int size = Math.max(25, limit + 1);
        for (int pages = 1; ; pages++) {
          for (Map<String, AttributeValue> item : answer.items()) {
            any = true;
            StackSummary summary = light ? nameAndStatus(item) : summary(item);
            String name = summary.stack().name();
            if (kept.size() < limit
                && !name.equals(from)
                && StackSummaries.startsWithIgnoringCase(name, prefix)
                && keep.test(summary)) {
              kept.add(summary);
            }
          }
          if (kept.size() >= limit
              || ControlTable.next(answer.lastEvaluatedKey()) == null
              || pages >= MAX_PAGES) {
            break;
          }
          // Few matches so far: larger Queries, so a sparse filter is not one round trip per page.
          size = Math.min(LARGEST_QUERY, size * 4);
          answer = query(
              rangeQuery(ranges.get(i), from, backward, size, answer.lastEvaluatedKey(), light));
        }
      }
    } finally {
      first.stream().filter(Objects::nonNull).forEach(ConcurrentReads.Read::abandon);
    }
    if (!any && ((from == null && (prefix == null || prefix.isEmpty())) || indexEmpty())) {
      // No index items at all: a table written before the index (the Scan), or no stacks.
      return StackSummaries.super.matching(prefix, null, backward, limit, keep);
    }
    List<StackSummary> rows = light ? whole(kept) : kept;
    return List.copyOf(backward ? rows.reversed() : rows);
  }

  /**
   * The key ranges ({@code [low, high]}, in name order, disjoint) that hold every name starting
   * with {@code prefix} in any case: one per case variant of its first {@link #CASED_LETTERS}
   * ASCII letters, the rest between its upper-case form and its lower-case form followed by the
   * highest character (upper case sorts first in bytes). No prefix: one range, the whole index
   * ({@code null} bounds).
   */
  static List<String[]> ranges(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return List.<String[]>of(new String[] {null, null});
    }
    int split = 0;
    int letters = 0;
    while (split < prefix.length() && letters < CASED_LETTERS) {
      if (StackSummaries.isAsciiLetter(prefix.charAt(split))) {
        letters++;
      }
      split++;
    }
    String rest = prefix.substring(split);
    List<String> heads = new ArrayList<>(List.of(""));
    for (char c : prefix.substring(0, split).toCharArray()) {
      List<String> longer = new ArrayList<>();
      for (String head : heads) {
        if (StackSummaries.isAsciiLetter(c)) {
          longer.add(head + (char) (c & ~0x20));
          longer.add(head + (char) (c | 0x20));
        } else {
          longer.add(head + c);
        }
      }
      heads = longer;
    }
    List<String[]> ranges = new ArrayList<>();
    for (String head : heads.stream().sorted().toList()) {
      ranges.add(new String[] {
        head + cased(rest, true), head + cased(rest, false) + HIGHEST});
    }
    return ranges;
  }

  /** {@code text} with its ASCII letters in upper (or lower) case, other characters as they are. */
  private static String cased(String text, boolean upper) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      out.append(
          StackSummaries.isAsciiLetter(c) ? (char) (upper ? c & ~0x20 : c | 0x20) : c);
    }
    return out.toString();
  }

  /**
   * One Query of {@code range} from {@code from} (kept in the range: a start key outside the key
   * condition is refused, so the bound moves instead, and the item named {@code from} is left out
   * by the caller); null when the range lies wholly on the other side of {@code from}.
   */
  private QueryRequest rangeQuery(
      String[] range, String from, boolean backward, int limit,
      Map<String, AttributeValue> start, boolean light) {
    String low = range[0];
    String high = range[1];
    if (from != null) {
      if (backward) {
        high = high == null || from.compareTo(high) < 0 ? from : high;
      } else {
        low = low == null || from.compareTo(low) > 0 ? from : low;
      }
      if (low != null && high != null && low.compareTo(high) > 0) {
        return null;
      }
    }
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":pk", AttributeValue.fromS(indexPartition()));
    String condition;
    if (low != null && high != null) {
      condition = "#pk = :pk AND #sk BETWEEN :low AND :high";
      values.put(":low", AttributeValue.fromS(low));
      values.put(":high", AttributeValue.fromS(high));
    } else if (low != null) {
      condition = "#pk = :pk AND #sk >= :low";
      values.put(":low", AttributeValue.fromS(low));
    } else if (high != null) {
      condition = "#pk = :pk AND #sk <= :high";
      values.put(":high", AttributeValue.fromS(high));
    } else {
      condition = "#pk = :pk";
    }
    return QueryRequest.builder()
        .tableName(tableName)
        .keyConditionExpression(condition)
        .expressionAttributeValues(values)
        .projectionExpression(light ? "#sk, #status" : INDEX_PROJECTION)
        .expressionAttributeNames(
            light
                ? Map.of("#pk", ControlTable.PK, "#sk", ControlTable.SK,
                    "#status", DeploymentRecordTranslator.STATUS)
                : names())
        .scanIndexForward(!backward)
        .limit(limit)
        .exclusiveStartKey(start)
        .build();
  }

  /** A stack's name and latest status alone, from an index item read for the filter only. */
  private StackSummary nameAndStatus(Map<String, AttributeValue> item) {
    return new StackSummary(
        StackRef.of(account, region, item.get(ControlTable.SK).s()), null,
        DeploymentStatus.valueOf(str(item, DeploymentRecordTranslator.STATUS)), null, null, null,
        null);
  }

  /**
   * The rows kept from a name-and-status read, read whole (one BatchGetItem of their index items),
   * in the same order; a row whose item is gone is left out.
   */
  private List<StackSummary> whole(List<StackSummary> kept) {
    Map<String, StackSummary> byName = new HashMap<>();
    for (Map<String, AttributeValue> item :
        ControlTable.batchGet(
            client, tableName, kept.stream().map(x -> indexKey(x.stack().name())).toList(),
            "the stack index")) {
      StackSummary summary = summary(item);
      byName.put(summary.stack().name(), summary);
    }
    return kept.stream().map(x -> byName.get(x.stack().name())).filter(Objects::nonNull).toList();
  }

  /** Whether the index has no item (one Query of one key), asked only when a read found none. */
  private boolean indexEmpty() {
    QueryRequest request = rangeQuery(new String[] {null, null}, null, false, 1, null, false);
    return query(request.toBuilder().projectionExpression("#sk")
        .expressionAttributeNames(Map.of("#pk", ControlTable.PK, "#sk", ControlTable.SK)).build())
        .items().isEmpty();
  }

  private QueryResponse query(QueryRequest request) {
    try {
      return client.query(request);
    } catch (SdkException e) {
      throw ControlTable.failure("could not read the stack index", e);
    }
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
        from = ControlTable.next(answer.lastEvaluatedKey());
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
        start = ControlTable.next(page.lastEvaluatedKey());
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
