package dev.fogbank.shared.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A scan of 5,000 stacks with long names (injected costs, the control table on DynamoDB Local):
 * listing every name in the scan's record would be about 500 KB, past DynamoDB's 400 KB item
 * limit, and fail the scan after its costs were written. The record keeps counts; each stack's
 * result is an item of its own.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class CostScanThousandsTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "eu-west-1";
  private static final int STACKS = 5_000;
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-02T06:00:00Z"), ZoneOffset.UTC);

  @Test
  void run_whenFiveThousandStacks_thenSucceedsWithASmallRecordAndOneResultItemPerStack(
      DynamoDbClient dynamoDb, @ControlTableName String table) {
    List<DailyCosts.Entry> costs = new ArrayList<>();
    String padding = "x".repeat(90);
    for (int i = 0; i < STACKS; i++) {
      costs.add(
          new DailyCosts.Entry(
              String.format("stack-%04d-%s", i, padding),
              LocalDate.parse("2026-11-01"),
              new BigDecimal("1.25"),
              "USD"));
    }
    DynamoDbCostLedger ledger = new DynamoDbCostLedger(dynamoDb, table, CLOCK);
    String scanId = CostScan.newScanId(CLOCK);

    CostScanResult result =
        new CostScan((start, end) -> new DailyCosts(costs, List.of(), 3), ledger, ACCOUNT, REGION,
                CLOCK)
            .run(scanId, 1);

    assertEquals(STACKS, result.stackCount());
    CostScanRecord kept = ledger.scan(ACCOUNT, REGION, scanId).orElseThrow();
    assertEquals(CostScanRecord.SUCCEEDED, kept.status());
    assertEquals(STACKS, kept.result().stackCount());
    assertEquals(STACKS, kept.result().recorded());
    assertEquals(3, kept.result().requests());
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                r -> r.tableName(table).key(CostItemTranslator.scanKey(ACCOUNT, REGION, scanId)))
            .item();
    int size = approximateSize(item);
    assertTrue(size < 10_000, "the scan record is " + size + " bytes");
    int names = costs.stream().mapToInt(c -> c.stackName().length()).sum();
    assertTrue(names > 400 * 1024, "the names alone would be " + names + " bytes");

    int perStack =
        dynamoDb
            .queryPaginator(
                r ->
                    r.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(
                            Map.of(
                                ":pk",
                                AttributeValue.fromS(
                                    CostItemTranslator.SCAN_PREFIX
                                        + CostItemTranslator.costsPartition(ACCOUNT, REGION)
                                        + "#"
                                        + scanId))))
            .items()
            .stream()
            .mapToInt(i -> 1)
            .sum();
    assertEquals(STACKS, perStack);
  }

  /** Attribute names and string/number values, as DynamoDB counts an item's size (roughly). */
  private static int approximateSize(Map<String, AttributeValue> item) {
    int size = 0;
    for (var e : item.entrySet()) {
      size += e.getKey().getBytes(StandardCharsets.UTF_8).length + size(e.getValue());
    }
    return size;
  }

  private static int size(AttributeValue v) {
    if (v.s() != null) {
      return v.s().getBytes(StandardCharsets.UTF_8).length;
    }
    if (v.n() != null) {
      return v.n().length();
    }
    if (v.hasL()) {
      return v.l().stream().mapToInt(CostScanThousandsTest::size).sum() + 3;
    }
    if (v.hasM()) {
      return approximateSize(v.m()) + 3;
    }
    return 1;
  }
}
