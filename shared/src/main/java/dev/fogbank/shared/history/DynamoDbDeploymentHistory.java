package dev.fogbank.shared.history;

import static dev.fogbank.shared.history.DeploymentRecordTranslator.s;

import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.error.NotFoundException;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.table.ControlTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import dev.fogbank.shared.stack.StackEvent;
import java.util.Comparator;

/**
 * {@link DeploymentHistory} on the control table. Records are appended once (an id claim written in
 * the same transaction refuses a second record with the same id) and then only moved on by
 * conditional updates that leave an ended deployment untouched.
 */
public final class DynamoDbDeploymentHistory implements DeploymentHistory {
  static final int MAX_PAGE = 100;

  /** Ids become key parts; DynamoDB caps a sort key at 1024 bytes, so keep ids well below. */
  private static final int MAX_ID_LENGTH = 200;

  private static final String NOT_EXISTS = "attribute_not_exists(#pk)";

  /** How many record keys {@link #recordKeys} keeps (about 200 KB). */
  private static final int KNOWN_KEYS = 2048;

  /**
   * How many ended records {@link #endedRecords} keeps: each can be as large as a DynamoDB item
   * (400 KB, a big review), so few (at most about 26 MB); the read it saves comes right after the
   * record ends.
   */
  private static final int KNOWN_ENDED = 64;

  private final DynamoDbClient client;
  private final String tableName;

  /**
   * The record key of each deployment id this adapter appended or looked up, newest used kept: an
   * id claim never changes once written, so each step of a deployment after the first skips the
   * claim read (a GetItem) that finds its record.
   */
  private final Map<String, Map<String, AttributeValue>> recordKeys =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(
                Map.Entry<String, Map<String, AttributeValue>> eldest) {
              return size() > KNOWN_KEYS;
            }
          });

  /**
   * The records this adapter saw end, newest used kept: an ended record is final (a status change
   * is refused once it has ended; the stack events live in their own items), so the step that
   * announces the outcome, and later reads, get it without a GetItem. {@link #importAll}, which
   * replaces records, forgets them.
   */
  private final Map<String, DeploymentRecord> endedRecords =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, DeploymentRecord> eldest) {
              return size() > KNOWN_ENDED;
            }
          });

  public DynamoDbDeploymentHistory(DynamoDbClient client, String tableName) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = Objects.requireNonNull(tableName, "tableName");
  }

  public static DynamoDbDeploymentHistory create(DynamoDbClient client, String tableName) {
    return new DynamoDbDeploymentHistory(client, tableName);
  }

  @Override
  public void append(DeploymentRecord record) {
    Objects.requireNonNull(record, "record");
    requireId(record.deploymentId());
    if (record.stack() == null
        || record.source() == null
        || record.status() == null
        || record.requestedAt() == null) {
      throw new InvalidRequestException(
          "deployment "
              + record.deploymentId()
              + " needs a stack, source, status and requestedAt to be recorded");
    }
    // The record, its id claim and the stack index in one transaction (with the index's count when
    // this creates the stack's index item); a later deployment already indexed cancels it on the
    // index's condition alone, and the record goes in without.
    TransactWriteItem put = conditionalPut(DeploymentRecordTranslator.toItem(record));
    TransactWriteItem claim = conditionalPut(DeploymentRecordTranslator.claimItem(record));
    try {
      writeIndexed(record, List.of(put, claim));
    } catch (TransactionCanceledException e) {
      if (isConditionFailure(e)) {
        throw new InvalidRequestException(
            "deployment "
                + record.deploymentId()
                + " is already in the history (stack "
                + record.stack().partitionKey()
                + "); a deployment id is used once and history is never overwritten",
            e);
      }
      throw ControlTable.failure(appendContext(record), e);
    } catch (SdkException e) {
      throw ControlTable.failure(appendContext(record), e);
    }
    recordKeys.put(
        record.deploymentId(),
        DeploymentRecordTranslator.recordKey(
            record.stack().partitionKey(), DeploymentRecordTranslator.sortKey(record)));
  }

  /** How often a transaction cancelled by a conflicting one is tried again. */
  private static final int CONFLICT_RETRIES = 8;

  /**
   * Writes {@code with} (the record and its claim, or nothing) in one transaction with the stack's
   * index item: first as an update of an existing item that is not newer; when there is none, as
   * its creation together with one added to the index's count (so the count cannot drift from the
   * items: both are written or neither, whatever crashes); when another writer created it
   * meanwhile, as an update again; and when a later deployment is indexed, {@code with} alone. A
   * transaction cancelled by a conflicting one (two stacks created at once both raise the count)
   * is tried again. Other cancellations are thrown.
   */
  private void writeIndexed(DeploymentRecord record, List<TransactWriteItem> with) {
    TransactWriteItem update = indexItem(record, indexWrite(record, false));
    TransactWriteItem create = indexItem(record, indexWrite(record, true));
    TransactWriteItem count =
        TransactWriteItem.builder()
            .update(
                u ->
                    u.tableName(tableName)
                        .key(DeploymentRecordTranslator.countKey(
                            record.stack().account(), record.stack().region()))
                        .updateExpression("ADD #created :one")
                        .expressionAttributeNames(
                            Map.of("#created", DeploymentRecordTranslator.CREATED))
                        .expressionAttributeValues(
                            Map.of(":one", AttributeValue.fromN("1"))))
            .build();
    List<List<TransactWriteItem>> steps = new ArrayList<>();
    steps.add(plus(with, update));
    steps.add(plus(with, create, count));
    steps.add(plus(with, update));
    steps.add(with);
    int step = 0;
    int conflicts = 0;
    while (step < steps.size()) {
      List<TransactWriteItem> items = steps.get(step);
      if (items.isEmpty()) {
        return;
      }
      try {
        client.transactWriteItems(r -> r.transactItems(items));
        return;
      } catch (TransactionCanceledException e) {
        if (conflicted(e) && conflicts < CONFLICT_RETRIES) {
          conflicts++;
          pause(conflicts);
        } else if (step < steps.size() - 1 && onlyConditionFailedAt(e, with.size())) {
          step++;
        } else {
          throw e;
        }
      }
    }
  }

  private TransactWriteItem indexItem(DeploymentRecord record, IndexWrite index) {
    return TransactWriteItem.builder()
        .update(
            u ->
                u.tableName(tableName)
                    .key(DeploymentRecordTranslator.indexKey(record.stack()))
                    .updateExpression(index.update())
                    .conditionExpression(index.condition())
                    .expressionAttributeNames(index.names())
                    .expressionAttributeValues(index.values()))
        .build();
  }

  private static List<TransactWriteItem> plus(
      List<TransactWriteItem> with, TransactWriteItem... more) {
    List<TransactWriteItem> all = new ArrayList<>(with);
    all.addAll(List.of(more));
    return List.copyOf(all);
  }

  /** Only the item at {@code at} (the index item) refused its condition; the others were fine. */
  private static boolean onlyConditionFailedAt(TransactionCanceledException e, int at) {
    if (!e.hasCancellationReasons() || e.cancellationReasons().size() <= at) {
      return false;
    }
    List<CancellationReason> reasons = e.cancellationReasons();
    for (int i = 0; i < reasons.size(); i++) {
      String code = reasons.get(i).code();
      if (i == at ? !"ConditionalCheckFailed".equals(code) : !"None".equals(code)) {
        return false;
      }
    }
    return true;
  }

  private static boolean conflicted(TransactionCanceledException e) {
    return e.hasCancellationReasons()
        && e.cancellationReasons().stream()
            .map(CancellationReason::code)
            .anyMatch("TransactionConflict"::equals);
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 5 << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Writes records that are already whole (a restore, or a benchmark's seed) with BatchWriteItem,
   * 25 items a call (each record and its id claim), then points each stack's index item at its
   * newest record. Unlike {@link #append}, not conditional: a record already stored under the same
   * key is replaced. Records need the same fields as for {@link #append}.
   */
  public void importAll(List<DeploymentRecord> records) {
    endedRecords.clear();
    List<software.amazon.awssdk.services.dynamodb.model.WriteRequest> batch = new ArrayList<>();
    Map<StackRef, DeploymentRecord> newest = new HashMap<>();
    for (DeploymentRecord record : records) {
      requireId(record.deploymentId());
      if (record.stack() == null || record.source() == null || record.status() == null
          || record.requestedAt() == null) {
        throw new InvalidRequestException(
            "deployment " + record.deploymentId()
                + " needs a stack, source, status and requestedAt to be imported");
      }
      for (Map<String, AttributeValue> item :
          List.of(
              DeploymentRecordTranslator.toItem(record),
              DeploymentRecordTranslator.claimItem(record))) {
        batch.add(
            software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder()
                .putRequest(p -> p.item(item))
                .build());
        if (batch.size() == 25) {
          ControlTable.writeBatch(client, tableName, List.copyOf(batch),
              "imported deployments", "import them again");
          batch.clear();
        }
      }
      newest.merge(record.stack(), record,
          (a, b) -> DeploymentRecordTranslator.sortKey(a)
              .compareTo(DeploymentRecordTranslator.sortKey(b)) >= 0 ? a : b);
    }
    if (!batch.isEmpty()) {
      ControlTable.writeBatch(client, tableName, List.copyOf(batch),
          "imported deployments", "import them again");
    }
    newest.values().forEach(this::index);
  }

  /**
   * Points the stack index item at {@code record} unless a later deployment is already there.
   * The record is stored whatever happens here: the index only serves overviews, so a failure is
   * logged, not thrown (the next deployment of the stack repairs it).
   */
  private void index(DeploymentRecord record) {
    try {
      writeIndexed(record, List.of());
    } catch (SdkException e) {
      StructuredLog.warn(
          "stack_index_not_updated",
          Map.of("stack", record.stack().name(), "type", e.getClass().getName()));
    }
  }

  /** An update of the stack's index item, with its condition. */
  private record IndexWrite(
      String update,
      String condition,
      Map<String, String> names,
      Map<String, AttributeValue> values) {}

  /**
   * {@code create}: the item's creation (it must not exist; marked {@link
   * DeploymentRecordTranslator#COUNTED}); else an update of the existing item unless it points at
   * a later deployment.
   */
  private static IndexWrite indexWrite(DeploymentRecord record, boolean create) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    names.put("#pk", ControlTable.PK);
    names.put("#latestSk", DeploymentRecordTranslator.LATEST_SK);
    names.put("#id", DeploymentRecordTranslator.DEPLOYMENT_ID);
    names.put("#status", DeploymentRecordTranslator.STATUS);
    names.put("#requester", DeploymentRecordTranslator.REQUESTER);
    names.put("#requestedAt", DeploymentRecordTranslator.REQUESTED_AT);
    names.put("#source", DeploymentRecordTranslator.SOURCE);
    values.put(":latestSk", s(DeploymentRecordTranslator.sortKey(record)));
    values.put(":id", s(record.deploymentId()));
    values.put(":status", s(record.status().name()));
    values.put(":requester", s(record.requester() == null ? "" : record.requester()));
    values.put(":requestedAt", s(record.requestedAt().toString()));
    values.put(":source", s(record.source().wireName()));
    String set =
        "SET #latestSk = :latestSk, #id = :id, #status = :status, #requester = :requester,"
            + " #requestedAt = :requestedAt, #source = :source";
    if (create) {
      names.put("#counted", DeploymentRecordTranslator.COUNTED);
      values.put(":counted", AttributeValue.fromBool(true));
      return new IndexWrite(
          set + ", #counted = :counted", "attribute_not_exists(#pk)", names, values);
    }
    return new IndexWrite(
        set, "attribute_exists(#pk) AND #latestSk <= :latestSk", names, values);
  }

  /** The index item follows the status of the deployment it points at, and of no other. */
  private void indexStatus(DeploymentRecord record) {
    updateIndex(
        record.stack(),
        "SET #status = :status",
        "#id = :id",
        Map.of("#status", DeploymentRecordTranslator.STATUS,
            "#id", DeploymentRecordTranslator.DEPLOYMENT_ID),
        Map.of(":status", s(record.status().name()), ":id", s(record.deploymentId())));
  }

  private void updateIndex(
      StackRef stack,
      String update,
      String condition,
      Map<String, String> names,
      Map<String, AttributeValue> values) {
    try {
      client.updateItem(
          r ->
              r.tableName(tableName)
                  .key(DeploymentRecordTranslator.indexKey(stack))
                  .updateExpression(update)
                  .conditionExpression(condition)
                  .expressionAttributeNames(names)
                  .expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException e) {
      // A later deployment is indexed: nothing to do.
    } catch (SdkException e) {
      StructuredLog.warn(
          "stack_index_not_updated",
          Map.of("stack", stack.name(), "type", e.getClass().getName()));
    }
  }

  @Override
  public DeploymentRecord transition(String deploymentId, StatusChange change) {
    return update(deploymentId, change, null);
  }

  @Override
  public Optional<DeploymentRecord> transitionIf(
      String deploymentId, DeploymentStatus expected, StatusChange change) {
    Objects.requireNonNull(expected, "expected");
    return Optional.ofNullable(update(deploymentId, change, expected));
  }

  /**
   * The change, if the record has not ended (and, with {@code expected}, is in that status);
   * otherwise the stored record, or null when {@code expected} was given.
   */
  private DeploymentRecord update(
      String deploymentId, StatusChange change, DeploymentStatus expected) {
    requireId(deploymentId);
    Objects.requireNonNull(change, "change");
    if (change.status() == null || change.at() == null) {
      throw new InvalidRequestException(
          "a status change of deployment " + deploymentId + " needs a status and a time");
    }
    Map<String, AttributeValue> key =
        findRecordKey(deploymentId)
            .orElseThrow(
                () -> new NotFoundException("deployment " + deploymentId + " is not in history"));

    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    names.put("#pk", ControlTable.PK);
    names.put("#status", DeploymentRecordTranslator.STATUS);
    values.put(":status", s(change.status().name()));
    StringBuilder update = new StringBuilder("SET #status = :status");
    if (change.status() == DeploymentStatus.RUNNING) {
      // A retried "running" step must not move the start forward.
      names.put("#startedAt", DeploymentRecordTranslator.STARTED_AT);
      values.put(":at", s(change.at().toString()));
      update.append(", #startedAt = if_not_exists(#startedAt, :at)");
    }
    if (change.status().isTerminal()) {
      names.put("#endedAt", DeploymentRecordTranslator.ENDED_AT);
      values.put(":at", s(change.at().toString()));
      update.append(", #endedAt = :at");
    }
    if (change.status() == DeploymentStatus.AWAITING_APPROVAL) {
      names.put("#awaitingApprovalAt", DeploymentRecordTranslator.AWAITING_APPROVAL_AT);
      values.put(":awaitingAt", s(change.at().toString()));
      update.append(", #awaitingApprovalAt = if_not_exists(#awaitingApprovalAt, :awaitingAt)");
    }
    if (change.changeSummary() != null) {
      names.put("#changeSummary", DeploymentRecordTranslator.CHANGE_SUMMARY);
      values.put(
          ":changeSummary", DeploymentRecordTranslator.changeSummary(change.changeSummary()));
      update.append(", #changeSummary = :changeSummary");
    }
    if (change.error() != null) {
      names.put("#error", DeploymentRecordTranslator.ERROR);
      values.put(":error", DeploymentRecordTranslator.error(change.error()));
      update.append(", #error = :error");
    }
    if (change.validation() != null) {
      names.put("#validation", DeploymentRecordTranslator.VALIDATION);
      values.put(":validation", DeploymentRecordTranslator.validation(change.validation()));
      update.append(", #validation = :validation");
    }
    if (change.review() != null) {
      names.put("#review", DeploymentRecordTranslator.REVIEW);
      values.put(":review", DeploymentRecordTranslator.json(change.review(), "change review"));
      update.append(", #review = :review");
    }
    if (change.approval() != null) {
      names.put("#approval", DeploymentRecordTranslator.APPROVAL);
      values.put(":approval", DeploymentRecordTranslator.json(change.approval(), "approval"));
      update.append(", #approval = :approval");
    }
    if (change.approvalToken() != null) {
      names.put("#approvalToken", DeploymentRecordTranslator.APPROVAL_TOKEN);
      values.put(":approvalToken", s(change.approvalToken()));
      update.append(", #approvalToken = :approvalToken");
    }
    if (change.protection() != null) {
      names.put("#stackProtection", DeploymentRecordTranslator.STACK_PROTECTION);
      values.put(
          ":stackProtection",
          DeploymentRecordTranslator.json(change.protection(), "stack protection"));
      update.append(", #stackProtection = :stackProtection");
    }
    List<String> terminal = new ArrayList<>();
    for (DeploymentStatus status : DeploymentStatus.values()) {
      if (status.isTerminal()) {
        String placeholder = ":terminal" + terminal.size();
        values.put(placeholder, s(status.name()));
        terminal.add(placeholder);
      }
    }
    if (expected != null) {
      values.put(":expected", s(expected.name()));
    }
    String condition =
        "attribute_exists(#pk) AND NOT (#status IN (" + String.join(", ", terminal) + "))"
            + (expected == null ? "" : " AND #status = :expected");

    try {
      Map<String, AttributeValue> updated =
          client
              .updateItem(
                  r ->
                      r.tableName(tableName)
                          .key(key)
                          .updateExpression(update.toString())
                          .conditionExpression(condition)
                          .expressionAttributeNames(names)
                          .expressionAttributeValues(values)
                          .returnValues(ReturnValue.ALL_NEW))
              .attributes();
      DeploymentRecord record = DeploymentRecordTranslator.fromItem(updated);
      keepIfEnded(record);
      indexStatus(record);
      HistoryMetrics.accepted(change, record);
      return record;
    } catch (ConditionalCheckFailedException e) {
      if (expected != null) {
        return null;
      }
      // Already ended: history is final, so the caller gets what is stored.
      return readRecord(deploymentId, key)
          .map(this::keepIfEnded)
          .orElseThrow(
              () -> new NotFoundException("deployment " + deploymentId + " is not in history"));
    } catch (SdkException e) {
      throw ControlTable.failure(
          "could not record status " + change.status() + " of deployment " + deploymentId, e);
    }
  }

  @Override
  public Optional<DeploymentRecord> get(String deploymentId) {
    requireId(deploymentId);
    DeploymentRecord ended = endedRecords.get(deploymentId);
    if (ended != null) {
      return Optional.of(ended);
    }
    return findRecordKey(deploymentId)
        .flatMap(key -> readRecord(deploymentId, key))
        .map(this::keepIfEnded);
  }

  private DeploymentRecord keepIfEnded(DeploymentRecord record) {
    if (record.status() != null && record.status().isTerminal()) {
      endedRecords.put(record.deploymentId(), record);
    }
    return record;
  }

  @Override
  public HistoryPage list(StackRef stack, int limit, String nextToken) {
    Objects.requireNonNull(stack, "stack");
    int pageSize = Math.clamp(limit, 1, MAX_PAGE);
    Map<String, AttributeValue> startKey =
        nextToken == null || nextToken.isEmpty()
            ? null
            : DeploymentRecordTranslator.decodeToken(nextToken, stack);
    QueryResponse response;
    try {
      // One more than asked, so that a page that happens to end the history carries no token
      // (DynamoDB's LastEvaluatedKey would send the caller to an empty extra page).
      response =
          client.query(
              r ->
                  r.tableName(tableName)
                      .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                      .expressionAttributeNames(
                          Map.of("#pk", ControlTable.PK, "#sk", ControlTable.SK))
                      .expressionAttributeValues(
                          Map.of(
                              ":pk", s(stack.partitionKey()),
                              ":prefix", s(DeploymentRecordTranslator.DEPLOY_PREFIX)))
                      .scanIndexForward(false)
                      .consistentRead(true)
                      .limit(pageSize + 1)
                      .exclusiveStartKey(startKey));
    } catch (SdkException e) {
      throw ControlTable.failure("could not list the history of stack " + stack.partitionKey(), e);
    }
    List<DeploymentRecord> items = new ArrayList<>();
    Map<String, AttributeValue> lastKey = null;
    for (Map<String, AttributeValue> item : response.items()) {
      if (items.size() == pageSize) {
        break;
      }
      items.add(DeploymentRecordTranslator.fromItem(item));
      lastKey = item;
    }
    String token = null;
    if (response.items().size() > pageSize
        || ControlTable.next(response.lastEvaluatedKey()) != null) {
      // Either we held one back, or DynamoDB stopped at its 1 MB page limit before our count.
      token = lastKey == null ? null : DeploymentRecordTranslator.encodeToken(lastKey);
    }
    return new HistoryPage(items, token);
  }

  /**
   * One Query on the stack's partition over the sort-key range {@code [from, min(to, after))}
   * (sort keys are {@code DEPLOY#<requestedAt millis>#<id>}), statuses and sources as a filter
   * expression; further pages only while fewer than {@code limit} matched. Reads cost the items in
   * range that the filter looks at, never the stack's whole history.
   */
  @Override
  public List<DeploymentRecord> find(
      StackRef stack, DeploymentQuery query, HistoryPosition after, int limit) {
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(query, "query");
    int wanted = Math.clamp(limit, 1, MAX_PAGE + 1);
    String prefix = DeploymentRecordTranslator.DEPLOY_PREFIX;
    String low =
        query.from() == null ? prefix : prefix + DeploymentRecordTranslator.millis(query.from());
    // Upper bounds are exclusive: no real key equals "DEPLOY#<millis>" (keys go on "#<id>"), and
    // the one equal to after's key is the item already shown, skipped below.
    String high =
        query.to() == null
            ? prefix + "\uffff"
            : prefix + DeploymentRecordTranslator.millis(query.to());
    if (after != null) {
      String afterKey =
          prefix + DeploymentRecordTranslator.millis(after.requestedAt()) + "#"
              + after.deploymentId();
      high = afterKey.compareTo(high) < 0 ? afterKey : high;
    }
    if (low.compareTo(high) >= 0) {
      return List.of();
    }
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    names.put("#pk", ControlTable.PK);
    names.put("#sk", ControlTable.SK);
    values.put(":pk", s(stack.partitionKey()));
    values.put(":low", s(low));
    values.put(":high", s(high));
    List<String> filters = new ArrayList<>();
    filters.add(in("#status", DeploymentRecordTranslator.STATUS, ":status",
        query.statuses().stream().map(Enum::name).sorted().toList(), names, values));
    filters.add(in("#source", DeploymentRecordTranslator.SOURCE, ":source",
        query.sources().stream().map(x -> x.wireName()).sorted().toList(), names, values));
    filters.removeIf(String::isEmpty);
    String exclusiveHigh = high;
    List<DeploymentRecord> found = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    try {
      do {
        Map<String, AttributeValue> from = start;
        QueryResponse response =
            client.query(
                r ->
                    r.tableName(tableName)
                        .keyConditionExpression("#pk = :pk AND #sk BETWEEN :low AND :high")
                        .filterExpression(filters.isEmpty() ? null : String.join(" AND ", filters))
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .scanIndexForward(false)
                        .consistentRead(true)
                        .limit(wanted + 1)
                        .exclusiveStartKey(from));
        for (Map<String, AttributeValue> item : response.items()) {
          if (found.size() < wanted && !item.get(ControlTable.SK).s().equals(exclusiveHigh)) {
            found.add(DeploymentRecordTranslator.fromItem(item));
          }
        }
        start = ControlTable.next(response.lastEvaluatedKey());
      } while (start != null && found.size() < wanted);
    } catch (SdkException e) {
      throw ControlTable.failure(
          "could not search the history of stack " + stack.partitionKey(), e);
    }
    return found;
  }

  /**
   * Writes the events newer than the log's newest (BatchWriteItem: an event's item is a function
   * of the event, so a racing second writer writes the same items), then moves the log on with a
   * conditional update on the count it read; a writer that lost that race leaves the log to the
   * winner, whose count covers the same events.
   */
  @Override
  public void recordEvents(String deploymentId, List<StackEvent> events, boolean complete) {
    requireId(deploymentId);
    Map<String, AttributeValue> log = eventLog(deploymentId);
    if (DeploymentRecordTranslator.flag(log, DeploymentRecordTranslator.EVENTS_COMPLETE)) {
      return;
    }
    int count = DeploymentRecordTranslator.eventCount(log);
    String last = DeploymentRecordTranslator.lastEventSk(log);
    List<StackEvent> fresh =
        events.stream()
            .filter(e -> last == null
                || DeploymentRecordTranslator.eventSortKey(e).compareTo(last) > 0)
            .sorted(Comparator.comparing(DeploymentRecordTranslator::eventSortKey))
            .distinct()
            .toList();
    int room = Math.max(0, MAX_STACK_EVENTS - count);
    List<StackEvent> kept = fresh.subList(0, Math.min(room, fresh.size()));
    boolean wasTruncated =
        DeploymentRecordTranslator.flag(log, DeploymentRecordTranslator.EVENTS_TRUNCATED);
    boolean truncated = wasTruncated || kept.size() < fresh.size();
    if (kept.isEmpty() && !complete && truncated == wasTruncated) {
      return;
    }
    for (int i = 0; i < kept.size(); i += 25) {
      List<WriteRequest> batch = new ArrayList<>();
      for (StackEvent e : kept.subList(i, Math.min(i + 25, kept.size()))) {
        batch.add(WriteRequest.builder()
            .putRequest(PutRequest.builder()
                .item(DeploymentRecordTranslator.eventItem(deploymentId, e)).build())
            .build());
      }
      ControlTable.writeBatch(
          client, tableName, batch, "the stack events of " + deploymentId,
          "they are read again on the next request");
    }
    String newest =
        kept.isEmpty() ? last : DeploymentRecordTranslator.eventSortKey(kept.getLast());
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    names.put("#pk", ControlTable.PK);
    names.put("#count", DeploymentRecordTranslator.EVENT_COUNT);
    names.put("#truncated", DeploymentRecordTranslator.EVENTS_TRUNCATED);
    names.put("#complete", DeploymentRecordTranslator.EVENTS_COMPLETE);
    values.put(":count", AttributeValue.fromN(Integer.toString(count + kept.size())));
    values.put(":read", AttributeValue.fromN(Integer.toString(count)));
    values.put(":truncated", AttributeValue.fromBool(truncated));
    values.put(":complete", AttributeValue.fromBool(complete));
    String update = "SET #count = :count, #truncated = :truncated, #complete = :complete";
    if (newest != null) {
      names.put("#last", DeploymentRecordTranslator.EVENT_LAST_SK);
      values.put(":last", s(newest));
      update += ", #last = :last";
    }
    String condition = log == null ? "attribute_not_exists(#pk)" : "#count = :read";
    if (log == null) {
      values.remove(":read");
    } else {
      names.remove("#pk");
    }
    String expression = update;
    try {
      client.updateItem(
          r -> r.tableName(tableName)
              .key(DeploymentRecordTranslator.eventLogKey(deploymentId))
              .updateExpression(expression)
              .conditionExpression(condition)
              .expressionAttributeNames(names)
              .expressionAttributeValues(values));
    } catch (ConditionalCheckFailedException e) {
      // Another reader recorded the same events first.
    } catch (SdkException e) {
      throw ControlTable.failure("could not record the stack events of " + deploymentId, e);
    }
  }

  @Override
  public boolean eventsComplete(String deploymentId) {
    requireId(deploymentId);
    return DeploymentRecordTranslator.flag(
        eventLog(deploymentId), DeploymentRecordTranslator.EVENTS_COMPLETE);
  }

  /**
   * One Query on the deployment's partition, sort keys after {@code afterCursor} in the event
   * range, one more than asked to tell whether a next page exists; and the log item for the
   * truncation note.
   */
  @Override
  public StackEventPage events(String deploymentId, String afterCursor, int limit) {
    requireId(deploymentId);
    int pageSize = Math.clamp(limit, 1, MAX_PAGE);
    String prefix = DeploymentRecordTranslator.EVENT_PREFIX;
    if (afterCursor != null && !afterCursor.startsWith(prefix)) {
      throw new InvalidRequestException("not a position among stack events: " + afterCursor);
    }
    String low = afterCursor == null ? prefix : afterCursor;
    List<StackEvent> items = new ArrayList<>();
    String lastShown = null;
    boolean more = false;
    Map<String, AttributeValue> start = null;
    try {
      do {
        Map<String, AttributeValue> from = start;
        QueryResponse response =
            client.query(
                r -> r.tableName(tableName)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :low AND :high")
                    .expressionAttributeNames(
                        Map.of("#pk", ControlTable.PK, "#sk", ControlTable.SK))
                    .expressionAttributeValues(
                        Map.of(
                            ":pk", s(DeploymentRecordTranslator.idKey(deploymentId)),
                            ":low", s(low),
                            ":high", s(prefix + "\uffff")))
                    .consistentRead(true)
                    .limit(pageSize + 2)
                    .exclusiveStartKey(from));
        for (Map<String, AttributeValue> item : response.items()) {
          String sk = item.get(ControlTable.SK).s();
          if (sk.equals(afterCursor)) {
            continue;
          }
          if (items.size() == pageSize) {
            more = true;
            break;
          }
          items.add(DeploymentRecordTranslator.fromEventItem(deploymentId, item));
          lastShown = sk;
        }
        start = ControlTable.next(response.lastEvaluatedKey());
      } while (start != null && !more);
    } catch (SdkException e) {
      throw ControlTable.failure("could not read the stack events of " + deploymentId, e);
    }
    boolean truncated =
        DeploymentRecordTranslator.flag(
            eventLog(deploymentId), DeploymentRecordTranslator.EVENTS_TRUNCATED);
    return new StackEventPage(items, more ? lastShown : null, truncated);
  }

  private Map<String, AttributeValue> eventLog(String deploymentId) {
    Map<String, AttributeValue> item;
    try {
      item =
          client
              .getItem(r -> r.tableName(tableName)
                  .key(DeploymentRecordTranslator.eventLogKey(deploymentId))
                  .consistentRead(true))
              .item();
    } catch (SdkException e) {
      throw ControlTable.failure("could not read the stack events of " + deploymentId, e);
    }
    return item == null || item.isEmpty() ? null : item;
  }

  /** {@code #name IN (:p0, :p1, ...)} for {@code wanted}; empty text for no restriction. */
  private static String in(
      String name,
      String attribute,
      String placeholder,
      List<String> wanted,
      Map<String, String> names,
      Map<String, AttributeValue> values) {
    if (wanted.isEmpty()) {
      return "";
    }
    names.put(name, attribute);
    List<String> holders = new ArrayList<>();
    for (String value : wanted) {
      String holder = placeholder + holders.size();
      values.put(holder, s(value));
      holders.add(holder);
    }
    return name + " IN (" + String.join(", ", holders) + ")";
  }

  private Optional<Map<String, AttributeValue>> findRecordKey(String deploymentId) {
    Map<String, AttributeValue> known = recordKeys.get(deploymentId);
    if (known != null) {
      return Optional.of(known);
    }
    Map<String, AttributeValue> claim;
    try {
      claim =
          client
              .getItem(
                  r ->
                      r.tableName(tableName)
                          .key(DeploymentRecordTranslator.claimKey(deploymentId))
                          .consistentRead(true))
              .item();
    } catch (SdkException e) {
      throw ControlTable.failure("could not look up deployment " + deploymentId, e);
    }
    if (claim == null || claim.isEmpty()) {
      return Optional.empty();
    }
    Map<String, AttributeValue> key =
        DeploymentRecordTranslator.recordKeyFromClaim(deploymentId, claim);
    recordKeys.put(deploymentId, key);
    return Optional.of(key);
  }

  private Optional<DeploymentRecord> readRecord(
      String deploymentId, Map<String, AttributeValue> key) {
    Map<String, AttributeValue> item;
    try {
      item = client.getItem(r -> r.tableName(tableName).key(key).consistentRead(true)).item();
    } catch (SdkException e) {
      throw ControlTable.failure("could not read deployment " + deploymentId, e);
    }
    return item == null || item.isEmpty()
        ? Optional.empty()
        : Optional.of(DeploymentRecordTranslator.fromItem(item));
  }

  private TransactWriteItem conditionalPut(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder()
        .put(
            Put.builder()
                .tableName(tableName)
                .item(item)
                .conditionExpression(NOT_EXISTS)
                .expressionAttributeNames(Map.of("#pk", ControlTable.PK))
                .build())
        .build();
  }

  private static boolean isConditionFailure(TransactionCanceledException e) {
    return e.hasCancellationReasons()
        && e.cancellationReasons().stream()
            .map(CancellationReason::code)
            .anyMatch("ConditionalCheckFailed"::equals);
  }

  private static String appendContext(DeploymentRecord record) {
    return "could not append deployment "
        + record.deploymentId()
        + " to the history of stack "
        + record.stack().partitionKey();
  }

  private static void requireId(String deploymentId) {
    if (deploymentId == null || deploymentId.isBlank()) {
      throw new InvalidRequestException("a deployment id is required");
    }
    if (deploymentId.length() > MAX_ID_LENGTH) {
      throw new InvalidRequestException(
          "deployment id is longer than " + MAX_ID_LENGTH + " characters");
    }
  }
}
