package dev.fogbank.shared.history;

import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.lock.LockItemTranslator;
import dev.fogbank.shared.lock.StackLock;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import java.time.Clock;
import java.time.Instant;
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
 * {@link StackSummaries} in one paginated Scan of the control table that projects only the few
 * attributes a summary shows: one read for every stack, where a Query per stack would be two
 * round trips times the stacks. The latest deployment is the greatest {@code DEPLOY#<requestedAt>}
 * sort key. Like {@code DynamoDbManagedStacks} it reads every item (fine for thousands of stacks);
 * pages are bounded.
 */
public final class DynamoDbStackSummaries implements StackSummaries {
  static final int MAX_PAGES = 200;

  private static final String PROJECTION =
      "#pk, #sk, #id, #status, #requester, #requestedAt, #source, #owner, #acquiredAt,"
          + " #expiresAt, #reason";

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
    String prefix = ControlTable.STACK_PREFIX + account + "#" + region + "#";
    Map<String, Map<String, AttributeValue>> latest = new HashMap<>();
    Map<String, Map<String, AttributeValue>> locks = new HashMap<>();
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
                            "begins_with(#pk, :stack) AND (begins_with(#sk, :deploy) OR #sk = :lock)")
                        .projectionExpression(PROJECTION)
                        .expressionAttributeNames(names())
                        .expressionAttributeValues(
                            Map.of(
                                ":stack", AttributeValue.fromS(prefix),
                                ":deploy", AttributeValue.fromS(ControlTable.DEPLOY_PREFIX),
                                ":lock", AttributeValue.fromS(LockItemTranslator.LOCK_SK)))
                        .exclusiveStartKey(from));
        for (Map<String, AttributeValue> item : page.items()) {
          String pk = item.get(ControlTable.PK).s();
          String sk = item.get(ControlTable.SK).s();
          if (sk.equals(LockItemTranslator.LOCK_SK)) {
            locks.put(pk, item);
          } else {
            latest.merge(pk, item, (a, b) -> sk(a).compareTo(sk(b)) >= 0 ? a : b);
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
    Instant now = clock.instant();
    TreeMap<String, StackSummary> byName = new TreeMap<>();
    latest.forEach(
        (pk, item) -> {
          StackRef stack = StackRef.of(account, region, pk.substring(prefix.length()));
          StackLock lock =
              locks.containsKey(pk) ? LockItemTranslator.fromItem(stack, locks.get(pk)) : null;
          byName.put(
              stack.name(),
              new StackSummary(
                  stack,
                  str(item, DeploymentRecordTranslator.DEPLOYMENT_ID),
                  DeploymentStatus.valueOf(str(item, DeploymentRecordTranslator.STATUS)),
                  str(item, DeploymentRecordTranslator.REQUESTER),
                  Instant.parse(str(item, DeploymentRecordTranslator.REQUESTED_AT)),
                  DeploymentSource.fromWire(str(item, DeploymentRecordTranslator.SOURCE)),
                  lock == null || lock.isExpiredAt(now) ? null : lock));
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
    names.put("#owner", LockItemTranslator.OWNER);
    names.put("#acquiredAt", LockItemTranslator.ACQUIRED_AT);
    names.put("#expiresAt", LockItemTranslator.EXPIRES_AT);
    names.put("#reason", LockItemTranslator.REASON);
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
