package dev.fogbank.shared.cost;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link CostLedger} on the control table. Days and month-to-date figures are unconditional puts
 * (in batches of 25), so that a re-run, or a later revised figure, replaces them; an anomaly is a
 * conditional put, so that it is kept, and alerted, once.
 */
public final class DynamoDbCostLedger implements CostLedger {
  /** BatchWriteItem's limit. */
  static final int BATCH = 25;

  /** Rounds of re-sending what DynamoDB left unprocessed (it throttles a hot partition). */
  static final int UNPROCESSED_ROUNDS = ControlTable.UNPROCESSED_ROUNDS;

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

  @Override
  public void recordAll(List<StackDayCost> costs) {
    String now = clock.instant().toString();
    write(costs, c -> CostItemTranslator.toItem(c, now), "daily costs");
  }

  @Override
  public void recordMonthToDate(List<StackMonthCost> costs) {
    String now = clock.instant().toString();
    write(costs, c -> CostItemTranslator.toItem(c, now), "month-to-date costs");
  }

  @Override
  public void recordScanStacks(
      String scanId, List<StackMonthCost> monthToDate, Map<String, Integer> anomalies) {
    write(
        monthToDate,
        c ->
            CostItemTranslator.scanStackItem(
                scanId, c, anomalies.getOrDefault(c.stack().name(), 0)),
        "the per-stack results of cost scan " + scanId);
  }

  @Override
  public boolean markAnomaly(CostAnomaly anomaly) {
    try {
      client.putItem(
          r ->
              r.tableName(tableName)
                  .item(CostItemTranslator.toItem(anomaly, clock.instant().toString()))
                  .conditionExpression("attribute_not_exists(" + ControlTable.SK + ")"));
      return true;
    } catch (ConditionalCheckFailedException known) {
      return false;
    } catch (SdkException e) {
      throw ControlTable.failure(
          "could not keep the cost anomaly of stack '"
              + anomaly.stack().name()
              + "' on "
              + anomaly.day(),
          e);
    }
  }

  @Override
  public void recordScan(String account, String region, CostScanRecord scan) {
    try {
      client.putItem(
          r -> r.tableName(tableName).item(CostItemTranslator.toItem(account, region, scan)));
    } catch (SdkException e) {
      throw ControlTable.failure("could not keep cost scan " + scan.scanId(), e);
    }
  }

  @Override
  public Optional<CostScanRecord> scan(String account, String region, String scanId) {
    try {
      var item =
          client
              .getItem(
                  r ->
                      r.tableName(tableName)
                          .key(CostItemTranslator.scanKey(account, region, scanId))
                          .consistentRead(true))
              .item();
      return item == null || item.isEmpty()
          ? Optional.empty()
          : Optional.of(CostItemTranslator.scan(item));
    } catch (SdkException e) {
      throw ControlTable.failure("could not read cost scan " + scanId, e);
    }
  }

  @Override
  public ScanPage scans(String account, String region, String afterScanId, int limit) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":pk", AttributeValue.fromS(CostItemTranslator.costsPartition(account, region)));
    values.put(":prefix", AttributeValue.fromS(CostItemTranslator.scanPrefix()));
    QueryRequest.Builder request =
        QueryRequest.builder()
            .tableName(tableName)
            .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expressionAttributeNames(Map.of("#pk", ControlTable.PK, "#sk", ControlTable.SK))
            .expressionAttributeValues(values)
            .scanIndexForward(false)
            .limit(limit);
    if (afterScanId != null) {
      request.exclusiveStartKey(CostItemTranslator.scanKey(account, region, afterScanId));
    }
    try {
      var response = client.query(request.build());
      List<CostScanRecord> scans =
          response.items().stream().map(CostItemTranslator::scan).toList();
      boolean more = ControlTable.next(response.lastEvaluatedKey()) != null;
      return new ScanPage(scans, more && !scans.isEmpty() ? scans.getLast().scanId() : null);
    } catch (SdkException e) {
      throw ControlTable.failure("could not list cost scans", e);
    }
  }

  @Override
  public ScanStackPage scanStacks(
      String account, String region, String scanId, String afterStack, int limit) {
    String partition = CostItemTranslator.scanStacksPartition(account, region, scanId);
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":pk", AttributeValue.fromS(partition));
    values.put(":prefix", AttributeValue.fromS(CostItemTranslator.SCAN_STACK_PREFIX));
    QueryRequest.Builder request =
        QueryRequest.builder()
            .tableName(tableName)
            .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expressionAttributeNames(Map.of("#pk", ControlTable.PK, "#sk", ControlTable.SK))
            .expressionAttributeValues(values)
            .limit(limit);
    if (afterStack != null) {
      request.exclusiveStartKey(
          Map.of(
              ControlTable.PK, AttributeValue.fromS(partition),
              ControlTable.SK,
                  AttributeValue.fromS(CostItemTranslator.SCAN_STACK_PREFIX + afterStack)));
    }
    try {
      var response = client.query(request.build());
      List<ScanStack> stacks =
          response.items().stream().map(CostItemTranslator::scanStack).toList();
      boolean more = ControlTable.next(response.lastEvaluatedKey()) != null;
      return new ScanStackPage(stacks, more && !stacks.isEmpty() ? stacks.getLast().stack() : null);
    } catch (SdkException e) {
      throw ControlTable.failure("could not read the per-stack results of cost scan " + scanId, e);
    }
  }

  @Override
  public List<StackDayCost> days(StackRef stack, LocalDate from, LocalDate to) {
    return query(
        stack.partitionKey(),
        CostItemTranslator.sortKey(from),
        CostItemTranslator.sortKey(to),
        item -> CostItemTranslator.dayCost(stack, item),
        "the daily costs of stack '" + stack.name() + "'");
  }

  @Override
  public List<CostAnomaly> anomalies(StackRef stack, LocalDate from, LocalDate to) {
    return query(
        stack.partitionKey(),
        CostItemTranslator.anomalySortKey(from),
        CostItemTranslator.anomalySortKey(to),
        item -> CostItemTranslator.anomaly(stack, item),
        "the cost anomalies of stack '" + stack.name() + "'");
  }

  @Override
  public List<StackMonthCost> monthToDate(String account, String region, YearMonth month) {
    String prefix = CostItemTranslator.monthPrefix(month);
    // Every stack name sorts below U+FFFF, so [prefix, prefix + U+FFFF] is the whole month.
    return query(
        CostItemTranslator.costsPartition(account, region),
        prefix,
        prefix + Character.MAX_VALUE,
        CostItemTranslator::monthCost,
        "the month-to-date costs of " + month);
  }

  /** One BatchGetItem per 100 stacks, of the same {@code MTD#<month>#<stack>} items. */
  @Override
  public Map<String, StackMonthCost> monthToDate(
      String account, String region, YearMonth month, List<String> stacks) {
    List<Map<String, AttributeValue>> keys =
        stacks.stream()
            .map(name -> CostItemTranslator.monthKey(account, region, month, name))
            .toList();
    Map<String, StackMonthCost> found = new HashMap<>();
    for (Map<String, AttributeValue> item :
        ControlTable.batchGet(client, tableName, keys, "the month-to-date costs of " + month)) {
      StackMonthCost cost = CostItemTranslator.monthCost(item);
      found.put(cost.stack().name(), cost);
    }
    return found;
  }

  private <T> List<T> query(
      String partition,
      String from,
      String to,
      Function<Map<String, AttributeValue>, T> read,
      String what) {
    List<T> found = new ArrayList<>();
    try {
      QueryRequest request =
          QueryRequest.builder()
              .tableName(tableName)
              .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
              .expressionAttributeNames(Map.of("#pk", ControlTable.PK, "#sk", ControlTable.SK))
              .expressionAttributeValues(
                  Map.of(
                      ":pk", AttributeValue.fromS(partition),
                      ":from", AttributeValue.fromS(from),
                      ":to", AttributeValue.fromS(to)))
              .build();
      client.queryPaginator(request).items().forEach(item -> found.add(read.apply(item)));
    } catch (SdkException e) {
      throw ControlTable.failure("could not read " + what, e);
    }
    return found;
  }

  private <T> void write(
      List<T> values, Function<T, Map<String, AttributeValue>> toItem, String what) {
    for (int i = 0; i < values.size(); i += BATCH) {
      List<WriteRequest> batch = new ArrayList<>();
      for (T value : values.subList(i, Math.min(i + BATCH, values.size()))) {
        batch.add(
            WriteRequest.builder()
                .putRequest(PutRequest.builder().item(toItem.apply(value)).build())
                .build());
      }
      writeBatch(batch, what);
    }
  }

  private void writeBatch(List<WriteRequest> batch, String what) {
    ControlTable.writeBatch(client, tableName, batch, what, "the scan may be re-run");
  }

}
