package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.drift.DriftRecords;
import dev.fogbank.shared.drift.DriftReport;
import dev.fogbank.shared.drift.DriftReports;
import dev.fogbank.shared.drift.DriftScanRecord;
import dev.fogbank.shared.drift.DriftScans;
import dev.fogbank.shared.drift.DriftStatus;
import dev.fogbank.shared.drift.PropertyDifference;
import dev.fogbank.shared.drift.ResourceDrift;
import dev.fogbank.shared.execution.ExecutionStarter;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.stack.StackRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The drift routes over in-memory records: what a caller sees, and each bad request's 4xx. */
class DriftRoutesTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-06T05:00:00Z"), ZoneOffset.UTC);

  private final List<String> managed = new ArrayList<>(List.of("orders", "web"));
  private final List<DriftReport> reports = new ArrayList<>();
  private final Map<String, DriftScanRecord> scans = new HashMap<>();
  private final List<String[]> started = new ArrayList<>();
  /** The stacks the newest scan of every stack covered (discovered ones among them). */
  private final List<String> covered = new ArrayList<>();

  private final ApiRoutes routes =
      new ApiRoutes(null, null, null, ACCOUNT, REGION)
          .withDrift(
              () ->
                  new DriftReports(
                      ACCOUNT,
                      REGION,
                      limit -> managed.stream().map(n -> StackRef.of(ACCOUNT, REGION, n)).toList(),
                      records(),
                      scans(),
                      () ->
                          (name, input) -> {
                            started.add(new String[] {name, input});
                            return new ExecutionStarter.StartedExecution("arn:" + name, false);
                          },
                      CLOCK,
                      1000));

  private DriftRecords records() {
    return new DriftRecords() {
      @Override
      public Optional<DriftReport> latestConclusive(StackRef stack) {
        return history(stack, 10).stream().filter(r -> r.status().conclusive()).findFirst();
      }

      @Override
      public List<DriftReport> history(StackRef stack, int limit) {
        return reports.stream()
            .filter(r -> r.stack().equals(stack))
            .sorted(Comparator.comparing(DriftReport::at).reversed())
            .limit(limit)
            .toList();
      }

      @Override
      public void record(DriftReport report) {
        reports.add(report);
      }
    };
  }

  private DriftScans scans() {
    return new DriftScans() {
      @Override
      public Optional<String> begin(DriftScanRecord scan, Duration lease) {
        scans.put(scan.scanId(), scan);
        return Optional.empty();
      }

      @Override
      public void record(DriftScanRecord scan) {
        scans.put(scan.scanId(), scan);
      }

      @Override
      public void stackDone(
          String scanId, String stack, String outcome, DriftScanRecord.StackFailure failure) {}

      @Override
      public DriftScanRecord finish(String scanId, Instant at) {
        return scans.get(scanId);
      }

      @Override
      public Optional<DriftScanRecord> find(String scanId) {
        return Optional.ofNullable(scans.get(scanId));
      }

      @Override
      public ScanPage list(String after, int limit) {
        List<DriftScanRecord> newest =
            scans.values().stream()
                .sorted(Comparator.comparing(DriftScanRecord::startedAt).reversed())
                .toList();
        return new ScanPage(newest.stream().limit(limit).toList(), null);
      }

      @Override
      public Optional<DriftScanRecord> interrupt(String reason, Instant at) {
        return Optional.empty();
      }

      @Override
      public void recordPages(String scanId, List<List<String>> pages, boolean everyStack) {}

      @Override
      public List<String> page(String scanId, int index) {
        return List.of();
      }

      @Override
      public List<String> covered() {
        return List.copyOf(covered);
      }
    };
  }

  private JsonNode call(String method, String path, String body, int expectedStatus) {
    return call(method, path, Map.of(), body, expectedStatus);
  }

  private JsonNode call(
      String method, String path, Map<String, String> query, String body, int expectedStatus) {
    ApiRoutes.Response response = routes.handle(method, path, query, body, "t");
    JsonNode json = Json.mapper().valueToTree(response.body());
    assertEquals(expectedStatus, response.status(), json.toString());
    return json;
  }

  @Test
  void postDriftScans_withoutBody_thenScanIdAndEveryStackStartedAndProgressReadable()
      throws Exception {
    JsonNode answer = call("POST", "/drift-scans", null, 202);

    String scanId = answer.path("scanId").asText();
    assertTrue(scanId.matches("ds-[0-9a-f-]{36}"), scanId);
    assertEquals("STARTING", answer.path("status").asText());
    assertEquals(1, started.size());
    assertEquals(scanId, started.getFirst()[0], "the execution is named by the scan id");
    JsonNode input = Json.mapper().readTree(started.getFirst()[1]);
    assertEquals("api", input.path("trigger").asText());
    assertEquals(0, input.path("stacks").size());
    JsonNode progress = call("GET", "/drift-scans/" + scanId, null, 200);
    assertEquals("STARTING", progress.path("status").asText());
    assertEquals(0, progress.path("progress").path("total").asInt());
  }

  @Test
  void postDriftScans_withStacks_thenOnlyThoseStarted() throws Exception {
    call("POST", "/drift-scans", "{\"stacks\": [\"web\", \"web\"]}", 202);

    JsonNode input = Json.mapper().readTree(started.getFirst()[1]);
    assertEquals("[\"web\"]", input.path("stacks").toString());
  }

  @Test
  void postDriftScans_whenAStackIsNotManaged_then404NamingItAndNothingStarted() {
    JsonNode error = call("POST", "/drift-scans", "{\"stacks\": [\"web\", \"nope\"]}", 404);

    assertEquals("NOT_FOUND", error.path("error").path("code").asText());
    assertTrue(error.path("error").path("message").asText().contains("nope"), error.toString());
    assertTrue(started.isEmpty());
    assertTrue(scans.isEmpty());
  }

  @Test
  void postDriftScans_whenBodyMalformed_then400() {
    assertEquals(
        "INVALID_REQUEST",
        call("POST", "/drift-scans", "{\"stacks\": \"web\"}", 400)
            .path("error").path("code").asText());
    assertEquals(
        "INVALID_REQUEST",
        call("POST", "/drift-scans", "{\"stack\": [\"web\"]}", 400)
            .path("error").path("code").asText());
    assertEquals(
        "INVALID_STACK_NAME",
        call("POST", "/drift-scans", "{\"stacks\": [\"\"]}", 400)
            .path("error").path("code").asText());
    assertTrue(started.isEmpty());
  }

  @Test
  void getDriftScan_whenUnknownOrMalformedId_then404WithCode() {
    assertEquals(
        "NOT_FOUND",
        call("GET", "/drift-scans/ds-00000000-0000-0000-0000-000000000000", null, 404)
            .path("error").path("code").asText());
    assertEquals(
        "NOT_FOUND",
        call("GET", "/drift-scans/%3Cscript%3E", null, 404).path("error").path("code").asText());
  }

  @Test
  void getDriftScan_whenFinishedWithFailures_thenProgressOutcomesAndFailures() {
    scans.put(
        "ds-11111111-2222-3333-4444-555555555555",
        new DriftScanRecord(
            "ds-11111111-2222-3333-4444-555555555555",
            DriftScanRecord.Status.SUCCEEDED,
            "schedule",
            CLOCK.instant(),
            CLOCK.instant().plusSeconds(60),
            3,
            3,
            Map.of("IN_SYNC", 2, "FAILED", 1),
            List.of(new DriftScanRecord.StackFailure("web", "AWS_UNAVAILABLE", "Rate exceeded")),
            null));

    JsonNode scan = call("GET", "/drift-scans/ds-11111111-2222-3333-4444-555555555555", null, 200);

    assertEquals(3, scan.path("progress").path("done").asInt());
    assertEquals(3, scan.path("progress").path("total").asInt());
    assertEquals(1, scan.path("outcomes").path("FAILED").asInt());
    assertEquals("web", scan.path("failures").get(0).path("stack").asText());
    assertEquals("AWS_UNAVAILABLE", scan.path("failures").get(0).path("code").asText());
  }

  @Test
  void getDriftScans_thenNewestFirstWithoutFailuresAndBadPagingRefused() {
    String older = call("POST", "/drift-scans", null, 202).path("scanId").asText();
    scans.put("sched-1",
        new DriftScanRecord("sched-1", DriftScanRecord.Status.SUCCEEDED, "schedule",
            CLOCK.instant().plusSeconds(60), CLOCK.instant().plusSeconds(90), 1, 1,
            Map.of("FAILED", 1),
            List.of(new DriftScanRecord.StackFailure("web", "AWS_UNAVAILABLE", "Rate exceeded")),
            null));

    JsonNode list = call("GET", "/drift-scans", null, 200);

    assertEquals(2, list.path("items").size(), list.toString());
    assertEquals("sched-1", list.path("items").get(0).path("scanId").asText());
    assertEquals(1, list.path("items").get(0).path("outcomes").path("FAILED").asInt());
    assertTrue(list.path("items").get(0).path("failures").isMissingNode(), list.toString());
    assertEquals(older, list.path("items").get(1).path("scanId").asText());
    assertTrue(list.path("nextToken").isMissingNode());
    assertEquals("INVALID_REQUEST",
        call("GET", "/drift-scans", Map.of("limit", "0"), null, 400)
            .path("error").path("code").asText());
    assertEquals("INVALID_NEXT_TOKEN",
        call("GET", "/drift-scans", Map.of("nextToken", "abc"), null, 400)
            .path("error").path("code").asText());
  }

  @Test
  void getStackDrift_thenLatestWithPropertyDiffsAndEarlierResults() {
    StackRef orders = StackRef.of(ACCOUNT, REGION, "orders");
    reports.add(
        new DriftReport(
            orders, CLOCK.instant().minusSeconds(86_400), DriftStatus.IN_SYNC, 0, List.of(),
            "d1", null, false));
    reports.add(
        new DriftReport(
            orders,
            CLOCK.instant(),
            DriftStatus.DRIFTED,
            1,
            List.of(
                new ResourceDrift(
                    "Queue",
                    "AWS::SQS::Queue",
                    "MODIFIED",
                    List.of(
                        new PropertyDifference("/VisibilityTimeout", "30", "120", "NOT_EQUAL")))),
            "d2",
            null,
            true));

    JsonNode drift = call("GET", "/stacks/orders/drift", null, 200);

    JsonNode latest = drift.path("latest");
    assertEquals("DRIFTED", latest.path("status").asText());
    JsonNode property = latest.path("resources").get(0).path("properties").get(0);
    assertEquals("/VisibilityTimeout", property.path("path").asText());
    assertEquals("30", property.path("expected").asText());
    assertEquals("120", property.path("actual").asText());
    assertEquals(1, drift.path("earlier").size());
    assertEquals("IN_SYNC", drift.path("earlier").get(0).path("status").asText());
    assertEquals(
        0, call("GET", "/stacks/orders/drift", Map.of("limit", "1"), null, 200)
            .path("earlier").size());
  }

  @Test
  void getStackDrift_whenNotManagedOrBadLimit_then4xx() {
    assertEquals(
        "NOT_FOUND",
        call("GET", "/stacks/nope/drift", null, 404).path("error").path("code").asText());
    assertEquals(
        "INVALID_REQUEST",
        call("GET", "/stacks/orders/drift", Map.of("limit", "0"), null, 400)
            .path("error").path("code").asText());
    JsonNode never = call("GET", "/stacks/web/drift", null, 200);
    assertTrue(never.path("latest").isMissingNode(), "managed, never scanned: " + never);
  }

  @Test
  void getDrift_thenEveryManagedStackLatestStatusAndCounts() {
    reports.add(
        new DriftReport(
            StackRef.of(ACCOUNT, REGION, "orders"), CLOCK.instant(), DriftStatus.DRIFT_UNSUPPORTED,
            0, List.of(), null, "no drift API", false));

    JsonNode all = call("GET", "/drift", null, 200);

    assertEquals(2, all.path("stacks").size());
    assertEquals("DRIFT_UNSUPPORTED", all.path("stacks").get(0).path("status").asText());
    assertEquals("NOT_SCANNED", all.path("stacks").get(1).path("status").asText());
    assertEquals(1, all.path("counts").path("NOT_SCANNED").asInt());
    assertEquals(
        "METHOD_NOT_ALLOWED",
        call("DELETE", "/drift", null, 405).path("error").path("code").asText());
  }

  @Test
  void getDrift_whenScansCoverDiscoveredStacks_thenListedAndPagedWithSignedToken() {
    covered.addAll(List.of("legacy-a", "orders", "zeta"));
    reports.add(
        new DriftReport(
            StackRef.of(ACCOUNT, REGION, "legacy-a"), CLOCK.instant(), DriftStatus.DRIFTED,
            2, List.of(), "d1", null, true));

    JsonNode first = call("GET", "/drift", Map.of("limit", "2"), null, 200);
    String token = first.path("nextToken").asText();
    JsonNode second =
        call("GET", "/drift", Map.of("limit", "2", "nextToken", token), null, 200);

    assertEquals("legacy-a", first.path("stacks").get(0).path("stackName").asText());
    assertEquals("DRIFTED", first.path("stacks").get(0).path("status").asText());
    assertEquals(2, first.path("stacks").get(0).path("driftedCount").asInt());
    assertEquals("orders", first.path("stacks").get(1).path("stackName").asText());
    assertEquals(
        List.of("web", "zeta"),
        List.of(
            second.path("stacks").get(0).path("stackName").asText(),
            second.path("stacks").get(1).path("stackName").asText()));
    assertTrue(second.path("nextToken").isMissingNode(), "last page: " + second);
    assertEquals(
        "INVALID_NEXT_TOKEN",
        call("GET", "/drift", Map.of("nextToken", token + "x"), null, 400)
            .path("error").path("code").asText());
    assertEquals(
        "DRIFTED",
        call("GET", "/stacks/legacy-a/drift", null, 200).path("latest").path("status").asText());
  }
}
