package dev.fogbank.shared.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Kept cost scans listed newest first, page by page, on DynamoDB Local. */
@ExtendWith(DynamoDbLocalExtension.class)
class DynamoDbCostLedgerScansTest {
  private static final String ACCOUNT = "123456789012";

  @Test
  void scans_whenSevenKeptInTwoRegions_thenThisRegionsNewestFirstInPagesOfThree(
      DynamoDbClient dynamoDb, @ControlTableName String table) {
    DynamoDbCostLedger ledger = new DynamoDbCostLedger(dynamoDb, table, Clock.systemUTC());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      Clock at = Clock.fixed(Instant.parse("2026-11-22T06:00:00Z").plusSeconds(i), ZoneOffset.UTC);
      String id = CostScan.newScanId(at);
      ids.add(id);
      new CostReports(ledger, ACCOUNT, "eu-west-1", at).started(id, 7);
    }
    new CostReports(ledger, ACCOUNT, "us-east-1", Clock.systemUTC())
        .started(CostScan.newScanId(Clock.systemUTC()), 7);

    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      CostLedger.ScanPage page = ledger.scans(ACCOUNT, "eu-west-1", after, 3);
      page.scans().forEach(s -> seen.add(s.scanId()));
      after = page.next();
      pages++;
    } while (after != null && pages < 10);

    assertEquals(ids.reversed(), seen);
    assertEquals(3, pages);
    CostScanRecord running = ledger.scan(ACCOUNT, "eu-west-1", ids.getFirst()).orElseThrow();
    assertEquals(CostScanRecord.RUNNING, running.status());
    assertNull(running.finished());
  }

  @Test
  void monthToDate_whenAskedForSomeStacks_thenTheirItemsOfThatMonthAsTheQueryReadsThem(
      DynamoDbClient dynamoDb, @ControlTableName String table) {
    DynamoDbCostLedger ledger = new DynamoDbCostLedger(dynamoDb, table, Clock.systemUTC());
    java.time.YearMonth november = java.time.YearMonth.of(2026, 11);
    java.time.LocalDate through = java.time.LocalDate.of(2026, 11, 21);
    List<StackMonthCost> costs = new ArrayList<>();
    List<String> asked = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      String name = String.format("app-%03d", i);
      asked.add(name);
      costs.add(new StackMonthCost(dev.fogbank.shared.stack.StackRef.of(ACCOUNT, "eu-west-1",
          name), november, through, java.math.BigDecimal.valueOf(i, 2), "USD"));
    }
    costs.add(new StackMonthCost(dev.fogbank.shared.stack.StackRef.of(ACCOUNT, "eu-west-1",
        "app-000"), november.minusMonths(1), through.minusMonths(1),
        new java.math.BigDecimal("99"), "USD"));
    ledger.recordMonthToDate(costs);
    // Recorded again (a re-run scan): the same items, replaced.
    ledger.recordMonthToDate(costs);
    asked.add("never-costed");

    java.util.Map<String, StackMonthCost> some =
        ledger.monthToDate(ACCOUNT, "eu-west-1", november, asked);

    assertEquals(150, some.size());
    assertNull(some.get("never-costed"));
    for (StackMonthCost c : ledger.monthToDate(ACCOUNT, "eu-west-1", november)) {
      assertEquals(c, some.get(c.stack().name()), "what GET /costs lists");
    }
    assertEquals(0, new java.math.BigDecimal("0.00").compareTo(some.get("app-000").amount()),
        "October's figure is not November's");
    assertEquals(
        java.util.Map.of(),
        ledger.monthToDate(ACCOUNT, "us-east-1", november, List.of("app-001")),
        "another region's");
  }
}
