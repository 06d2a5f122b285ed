package dev.fogbank.shared.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.costexplorer.model.Dimension;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.Group;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;

class CostExplorerTranslatorTest {
  @Test
  void request_thenDailyUnblendedGroupedByTheStackTagInTheRegion() {
    GetCostAndUsageRequest request =
        CostExplorerTranslator.request(
            LocalDate.parse("2026-11-15"), LocalDate.parse("2026-11-22"), "eu-west-1", null);

    assertEquals("2026-11-15", request.timePeriod().start());
    assertEquals("2026-11-22", request.timePeriod().end());
    assertEquals(Granularity.DAILY, request.granularity());
    assertEquals(List.of("UnblendedCost"), request.metrics());
    assertEquals(GroupDefinitionType.TAG, request.groupBy().getFirst().type());
    assertEquals("aws:cloudformation:stack-name", request.groupBy().getFirst().key());
    assertEquals(Dimension.REGION, request.filter().dimensions().key());
    assertEquals(List.of("eu-west-1"), request.filter().dimensions().values());
  }

  @Test
  void stackName_thenTheTagValueAfterTheDollarAndEmptyForUntagged() {
    assertEquals(
        "orders",
        CostExplorerTranslator.stackName(List.of("aws:cloudformation:stack-name$orders")));
    assertEquals("", CostExplorerTranslator.stackName(List.of("aws:cloudformation:stack-name$")));
    assertEquals(
        "a$b", CostExplorerTranslator.stackName(List.of("aws:cloudformation:stack-name$a$b")));
    assertEquals("", CostExplorerTranslator.stackName(List.of()));
  }

  private static Group group(String key, String amount) {
    return Group.builder()
        .keys(key)
        .metrics(Map.of("UnblendedCost", MetricValue.builder().amount(amount).unit("USD").build()))
        .build();
  }

  @Test
  void read_thenEachDaysGroupsSplitIntoStacksAndUntagged() {
    GetCostAndUsageResponse response =
        GetCostAndUsageResponse.builder()
            .resultsByTime(
                ResultByTime.builder()
                    .timePeriod(p -> p.start("2026-11-20").end("2026-11-21"))
                    .groups(
                        group("aws:cloudformation:stack-name$", "10.5"),
                        group("aws:cloudformation:stack-name$orders", "1.25"))
                    .build(),
                ResultByTime.builder()
                    .timePeriod(p -> p.start("2026-11-21").end("2026-11-22"))
                    .groups(group("aws:cloudformation:stack-name$orders", "0.0000001"))
                    .build())
            .build();
    List<DailyCosts.Entry> byStack = new ArrayList<>();
    List<DailyCosts.Entry> untagged = new ArrayList<>();

    CostExplorerTranslator.read(response, byStack, untagged);

    assertEquals(
        List.of(
            new DailyCosts.Entry(
                "orders", LocalDate.parse("2026-11-20"), new BigDecimal("1.25"), "USD"),
            new DailyCosts.Entry(
                "orders", LocalDate.parse("2026-11-21"), new BigDecimal("0.0000001"), "USD")),
        byStack);
    assertEquals(
        List.of(
            new DailyCosts.Entry("", LocalDate.parse("2026-11-20"), new BigDecimal("10.5"), "USD")),
        untagged);
  }
}
