package dev.fogbank.functions.scans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.cost.CostScan;
import dev.fogbank.shared.cost.DailyCosts;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.testing.InMemoryCostLedger;
import fogbank.FunctionFailure;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostScanHandlerTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T03:00:00Z"), ZoneOffset.UTC);
  private final InMemoryCostLedger ledger = new InMemoryCostLedger();
  private int asked;

  private CostScan scan(DailyCosts costs) {
    return new CostScan(
        (start, end) -> {
          asked++;
          return costs;
        },
        ledger,
        "123456789012",
        "eu-west-1",
        CLOCK);
  }

  private static DailyCosts.Entry entry(String stack, String amount) {
    return new DailyCosts.Entry(
        stack, LocalDate.parse("2026-11-21"), new BigDecimal(amount), "USD");
  }

  @Test
  void handleRequest_whenScheduledEvent_thenScansTheConfiguredDaysAndReturnsTheSummary()
      throws Exception {
    CostScanHandler handler =
        new CostScanHandler(
            scan(new DailyCosts(List.of(entry("orders", "1.5")), List.of(entry("", "3.25")), 2)), 3);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    handler.handleRequest(ScanFixtures.scheduledEvent(), out, null);

    String json = out.toString(StandardCharsets.UTF_8);
    assertEquals(
        "{\"start\":\"2026-11-01\",\"end\":\"2026-11-22\",\"recorded\":1,"
            + "\"stacks\":[\"orders\"],\"untagged\":{\"USD\":\"3.25\"},\"requests\":2,"
            + "\"anomalies\":0,\"newAnomalies\":0,\"notice\":\"\"}",
        json);
    assertEquals(1, ledger.recorded.size());
    assertEquals(1, ledger.scans.size(), "the scheduled scan keeps its record too");
    var kept = ledger.scans.values().iterator().next();
    assertEquals("SUCCEEDED", kept.status());
    assertEquals(3, kept.days());
    assertTrue(kept.scanId().startsWith("cs-"), kept.scanId());
  }

  @Test
  void handle_whenQueuedByPostCostScans_thenRunsUnderThatIdAndDays() {
    CostScanHandler handler = new CostScanHandler(scan(new DailyCosts(List.of(), List.of(), 1)), 7);
    String id = "cs-20261122T030000-0123456789ab";

    handler.handle(
        ScanFixtures.text("{\"trigger\":\"api\",\"scanId\":\"" + id + "\",\"days\":2}"));

    var kept = ledger.scans.values().iterator().next();
    assertEquals(id, kept.scanId());
    assertEquals(2, kept.days());
    assertEquals("SUCCEEDED", kept.status());
  }

  @Test
  void handle_whenQueuedIdIsNotAScanId_thenANewIdInstead() {
    CostScanHandler handler = new CostScanHandler(scan(new DailyCosts(List.of(), List.of(), 1)), 7);

    handler.handle(ScanFixtures.text("{\"scanId\":\"SCAN#../x\",\"days\":\"9\"}"));

    var kept = ledger.scans.values().iterator().next();
    assertTrue(kept.scanId().matches(CostScan.SCAN_ID_PATTERN), kept.scanId());
    assertEquals(7, kept.days());
  }

  @Test
  void handle_whenInputIsNotAnEvent_thenTheScanStillRuns() {
    CostScanHandler handler = new CostScanHandler(scan(new DailyCosts(List.of(), List.of(), 1)), 7);

    CostScanHandler.Result result = handler.handle(ScanFixtures.text("not json"));

    assertEquals(0, result.recorded());
    assertEquals(Map.of(), result.untagged());
    assertEquals(1, asked);
  }

  @Test
  void handle_whenCostExplorerUnavailable_thenScanFailedWithItsCodeAndNoStackTrace() {
    CostScan failing =
        new CostScan(
            (start, end) -> {
              throw new AwsUnavailableException("Cost Explorer GetCostAndUsage failed: HTTP 500");
            },
            ledger,
            "123456789012",
            "eu-west-1",
            CLOCK);
    CostScanHandler handler = new CostScanHandler(failing, 7);

    FunctionFailure e =
        assertThrows(FunctionFailure.class, () -> handler.handle(ScanFixtures.scheduledEvent()));

    assertEquals(ErrorCode.AWS_UNAVAILABLE, e.code());

    assertEquals("fogbank.AWS_UNAVAILABLE", e.getClass().getName());
    assertEquals("Cost Explorer GetCostAndUsage failed: HTTP 500", e.getMessage());
    assertEquals(0, e.getStackTrace().length);
    var kept = ledger.scans.values().iterator().next();
    assertEquals("FAILED", kept.status());
    assertEquals("AWS_UNAVAILABLE", kept.failureCode());
  }

  @Test
  void handle_whenABugThrows_thenInternalWithoutTheBugsMessage() {
    CostScanHandler handler =
        new CostScanHandler(
            () -> {
              throw new NullPointerException("secret detail");
            },
            () -> 7);

    FunctionFailure e =
        assertThrows(FunctionFailure.class, () -> handler.handle(ScanFixtures.scheduledEvent()));

    assertEquals(ErrorCode.INTERNAL, e.code());

    assertEquals("fogbank.INTERNAL", e.getClass().getName());
    assertTrue(!e.getMessage().contains("secret"), e.getMessage());
    assertNull(e.getCause());
  }
}
