package dev.fogbank.cli;

import static dev.fogbank.cli.ApiStub.error;
import static dev.fogbank.cli.ApiStub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.cli.client.ProfileFile;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fogbank deployments}, {@code drift} and {@code scan} against a stub of the API: the
 * routes and queries they send, how they page and follow, their exit codes and outputs.
 * ClientCommandsIT runs them against the real local control plane.
 */
class ScanAndDriftCommandsTest {
  static final String DRIFT_SCAN = "ds-6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b";
  static final String COST_SCAN = "cs-20261207T050000-3f9a1c2b7d4e";

  @TempDir Path tmp;
  ApiStub api;
  Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    api = new ApiStub();
    env = new HashMap<>();
    env.put(ProfileFile.CONFIG_VARIABLE, tmp.resolve("config.yaml").toString());
    env.put("FOGBANK_ENDPOINT", api.url().toString());
    env.put("FOGBANK_TOKEN", "stub-token");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static String deployment(String id, String stack, String status) {
    return "{\"deploymentId\":\"" + id + "\",\"stackName\":\"" + stack + "\",\"status\":\""
        + status + "\",\"source\":\"api\",\"requestedAt\":\"2026-12-06T20:00:00Z\"}";
  }

  @Test
  void deployments_whenFiltered_thenSendsEveryFilterWithDatesAsInstants() {
    api.on("GET /deployments", json(200, "{\"items\":[" + deployment("d-1", "web", "FAILED")
        + "," + deployment("d-2", "api", "ROLLED_BACK") + "],\"nextToken\":\"p2\"}"));

    CliRun run =
        CliRun.of(env, "deployments", "--stack", "web", "--status", "FAILED,ROLLED_BACK",
            "--source", "drop", "--from", "2026-12-01", "--to", "2026-12-08T12:00:00Z",
            "--limit", "2");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertEquals(
        "stack=web&status=FAILED%2CROLLED_BACK&source=drop&from=2026-12-01T00%3A00%3A00Z"
            + "&to=2026-12-08T12%3A00%3A00Z&limit=2",
        api.requests().get(0).query());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).startsWith("STACK  DEPLOYMENT  STATUS"), run::transcript);
    assertTrue(lines.get(1).startsWith("web    d-1         FAILED"), run::transcript);
    assertTrue(lines.get(2).startsWith("api    d-2         ROLLED_BACK"), run::transcript);
    assertEquals("more: --next-token p2 (or --all)", lines.get(3), run::transcript);
  }

  @Test
  void deployments_whenAll_thenFollowsNextTokenIntoOneList() throws IOException {
    api.on(
        "GET /deployments",
        json(200, "{\"items\":[" + deployment("d-1", "web", "SUCCEEDED")
            + "],\"nextToken\":\"p2\"}"),
        json(200, "{\"items\":[" + deployment("d-2", "api", "FAILED") + "]}"));

    CliRun run = CliRun.of(env, "deployments", "--all", "--status", "SUCCEEDED,FAILED",
        "-o", "json");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    JsonNode answer = Json.mapper().readTree(run.out());
    assertEquals(2, answer.path("items").size(), run::transcript);
    assertTrue(answer.path("nextToken").isMissingNode(), run::transcript);
    assertEquals("status=SUCCEEDED%2CFAILED&nextToken=p2", api.requests().get(1).query());
  }

  @Test
  void deployments_whenCsv_thenOneRowPerDeployment() {
    api.on("GET /deployments", json(200, "{\"items\":[" + deployment("d-1", "web", "FAILED")
        + "]}"));

    CliRun run = CliRun.of(env, "deployments", "-o", "csv");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    List<String> lines = run.out().lines().toList();
    assertEquals("deploymentId,stackName,status,source,requestedAt", lines.get(0));
    assertEquals("d-1,web,FAILED,api,2026-12-06T20:00:00Z", lines.get(1));
  }

  @Test
  void deployments_whenTheApiRefusesAFilter_thenExit3WithItsCode() {
    api.on("GET /deployments", error(400, "INVALID_REQUEST", "from is not an ISO-8601 instant"));

    CliRun run = CliRun.of(env, "deployments", "--from", "yesterday");

    assertEquals(ExitCodes.API_ERROR, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("INVALID_REQUEST: from is not an ISO-8601 instant"),
        run::transcript);
  }

  @Test
  void drift_whenTheListingHasTwoPages_thenEveryStackAndTheCountsSummed() {
    api.on(
        "GET /drift",
        json(200, "{\"counts\":{\"IN_SYNC\":1},\"stacks\":[{\"stackName\":\"api\","
            + "\"status\":\"IN_SYNC\",\"driftedCount\":0,\"at\":\"2026-12-07T05:00:00Z\"}],"
            + "\"nextToken\":\"v1.page2.sig\"}"),
        json(200, "{\"counts\":{\"IN_SYNC\":1},\"stacks\":[{\"stackName\":\"web\","
            + "\"status\":\"IN_SYNC\",\"driftedCount\":0,\"at\":\"2026-12-07T05:00:01Z\"}]}"));

    CliRun run = CliRun.of(env, "drift");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertTrue(run.out().contains("api ") && run.out().contains("web "), run::transcript);
    assertTrue(run.out().endsWith("2 IN_SYNC\n"), run::transcript);
    List<ApiStub.Request> asked = api.requests("GET", "/drift");
    assertEquals(2, asked.size());
    assertTrue(asked.get(1).query().contains("nextToken=v1.page2.sig"), asked.get(1).query());
  }

  @Test
  void drift_whenNoStack_thenEveryStackAndTheCounts() {
    api.on("GET /drift", json(200, "{\"counts\":{\"DRIFTED\":1,\"IN_SYNC\":1},\"stacks\":["
        + "{\"stackName\":\"api\",\"status\":\"IN_SYNC\",\"driftedCount\":0,"
        + "\"at\":\"2026-12-07T05:00:00Z\"},"
        + "{\"stackName\":\"web\",\"status\":\"DRIFTED\",\"driftedCount\":2,"
        + "\"at\":\"2026-12-07T05:00:01Z\"}]}"));

    CliRun run = CliRun.of(env, "drift");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertEquals(
        "STACK  DRIFT    RESOURCES DRIFTED  SCANNED\n"
            + "api    IN_SYNC  0                  2026-12-07T05:00:00Z\n"
            + "web    DRIFTED  2                  2026-12-07T05:00:01Z\n"
            + "1 DRIFTED, 1 IN_SYNC\n",
        run.out(), run::transcript);
  }

  static final String STACK_DRIFT =
      "{\"stackName\":\"web\",\"latest\":{\"at\":\"2026-12-07T05:00:01Z\",\"status\":\"DRIFTED\","
          + "\"driftedCount\":1,\"resources\":[{\"logicalId\":\"Queue\",\"resourceType\":"
          + "\"AWS::SQS::Queue\",\"difference\":\"MODIFIED\",\"properties\":[{\"path\":"
          + "\"/VisibilityTimeout\",\"expected\":\"30\",\"actual\":\"60\",\"type\":"
          + "\"NOT_EQUAL\"}]}]},\"earlier\":[{\"at\":\"2026-12-06T05:00:00Z\",\"status\":"
          + "\"IN_SYNC\",\"driftedCount\":0,\"resources\":[]}]}";

  @Test
  void drift_whenStack_thenItsDriftedPropertiesAndEarlierResults() {
    api.on("GET /stacks/web/drift", json(200, STACK_DRIFT));

    CliRun run = CliRun.of(env, "drift", "web", "--limit", "2");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertEquals("limit=2", api.requests().get(0).query());
    List<String> lines = run.out().lines().toList();
    assertEquals("web: DRIFTED at 2026-12-07T05:00:01Z, 1 resource(s) drifted", lines.get(0));
    assertTrue(lines.get(1).startsWith("RESOURCE  TYPE"), run::transcript);
    assertTrue(lines.get(2).matches(
        "Queue +AWS::SQS::Queue +MODIFIED NOT_EQUAL +/VisibilityTimeout +30 +60"),
        run::transcript);
    assertTrue(lines.get(4).matches("2026-12-06T05:00:00Z +IN_SYNC +0"), run::transcript);
  }

  @Test
  void drift_whenStackAsCsv_thenOneRowPerResultNewestFirst() {
    api.on("GET /stacks/web/drift", json(200, STACK_DRIFT));

    CliRun run = CliRun.of(env, "drift", "web", "-o", "csv");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    List<String> lines = run.out().lines().toList();
    assertEquals("at,status,driftedCount,resources", lines.get(0));
    assertTrue(lines.get(1).startsWith("2026-12-07T05:00:01Z,DRIFTED,1,"), run::transcript);
    assertEquals("2026-12-06T05:00:00Z,IN_SYNC,0,[]", lines.get(2));
  }

  @Test
  void drift_whenUnknownStack_thenExit4() {
    api.on("GET /stacks/nope/drift", error(404, "NOT_FOUND", "stack 'nope' is not managed"));

    CliRun run = CliRun.of(env, "drift", "nope");

    assertEquals(ExitCodes.NOT_FOUND, run.exitCode(), run::transcript);
  }

  static String driftScan(String status, String extra) {
    return "{\"scanId\":\"" + DRIFT_SCAN + "\",\"status\":\"" + status + "\",\"progress\":"
        + "{\"done\":1,\"total\":2},\"outcomes\":{\"IN_SYNC\":1},\"failures\":[]" + extra + "}";
  }

  @Test
  void scanDrift_whenWaiting_thenPostsTheStacksAndFollowsUntilSucceeded() throws IOException {
    api.on("POST /drift-scans", json(202, "{\"scanId\":\"" + DRIFT_SCAN
            + "\",\"status\":\"STARTING\",\"progress\":\"/drift-scans/" + DRIFT_SCAN + "\"}"))
        .on("GET /drift-scans/" + DRIFT_SCAN,
            json(200, driftScan("RUNNING", "")),
            json(200, driftScan("RUNNING", "")),
            json(200, driftScan("SUCCEEDED", "").replace("\"done\":1", "\"done\":2")));

    CliRun run = CliRun.of(env, "scan", "drift", "--stack", "web", "--stack", "api", "--wait",
        "--poll-interval", "10");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    JsonNode body = Json.mapper().readTree(api.requests("POST", "/drift-scans").get(0).body());
    assertEquals("[\"web\",\"api\"]", body.path("stacks").toString());
    assertEquals(3, api.requests("GET", "/drift-scans/" + DRIFT_SCAN).size());
    assertEquals(2, run.out().lines().filter(l -> l.contains("  " + DRIFT_SCAN + "  ")).count(),
        run::transcript);
    assertTrue(run.out().contains("progress    2/2 stacks"), run::transcript);
    assertTrue(run.out().contains("outcomes    1 IN_SYNC"), run::transcript);
  }

  @Test
  void scanDrift_whenStacksFailed_thenExit1AndNamesThem() {
    api.on("POST /drift-scans", json(202, "{\"scanId\":\"" + DRIFT_SCAN
            + "\",\"status\":\"STARTING\",\"progress\":\"/drift-scans/x\"}"))
        .on("GET /drift-scans/" + DRIFT_SCAN, json(200, driftScan("SUCCEEDED", "")
            .replace("\"failures\":[]", "\"failures\":[{\"stack\":\"api\",\"code\":"
                + "\"AWS_UNAVAILABLE\",\"message\":\"throttled\"}]")));

    CliRun run = CliRun.of(env, "scan", "drift", "--wait", "--poll-interval", "10");

    assertEquals(ExitCodes.SCAN_FAILED, run.exitCode(), run::transcript);
    assertEquals("{}", api.requests("POST", "/drift-scans").get(0).body());
    assertTrue(run.out().contains("failed: api: AWS_UNAVAILABLE: throttled"), run::transcript);
  }

  @Test
  void scanDrift_whenSkipped_thenExit5WithTheReason() {
    api.on("POST /drift-scans", json(202, "{\"scanId\":\"" + DRIFT_SCAN
            + "\",\"status\":\"STARTING\",\"progress\":\"/drift-scans/x\"}"))
        .on("GET /drift-scans/" + DRIFT_SCAN,
            json(200, driftScan("SKIPPED", ",\"reason\":\"ds-running\"")));

    CliRun run = CliRun.of(env, "scan", "drift", "--wait", "--poll-interval", "10");

    assertEquals(ExitCodes.CONFLICT, run.exitCode(), run::transcript);
    assertTrue(run.out().contains("ds-running"), run::transcript);
  }

  @Test
  void scanDrift_whenNotWaiting_thenPrintsTheIdAndHowToFollowIt() {
    api.on("POST /drift-scans", json(202, "{\"scanId\":\"" + DRIFT_SCAN
        + "\",\"status\":\"STARTING\",\"progress\":\"/drift-scans/x\"}"));

    CliRun run = CliRun.of(env, "scan", "drift");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertEquals("drift scan " + DRIFT_SCAN + " STARTING; follow it: fogbank scan show "
        + DRIFT_SCAN + " --wait\n", run.out());
    assertTrue(api.requests("GET", "/drift-scans/" + DRIFT_SCAN).isEmpty());
  }

  @Test
  void scanCost_whenQueuedAndWaiting_thenFollowsUntilFailedAndExits1() throws IOException {
    String running = "{\"scanId\":\"" + COST_SCAN + "\",\"status\":\"RUNNING\",\"days\":3,"
        + "\"started\":\"2026-12-07T05:00:00Z\"}";
    api.on("POST /cost-scans", json(202, running))
        .on("GET /cost-scans/" + COST_SCAN, json(200, running),
            json(200, running.replace("RUNNING", "FAILED").replace("}", ",\"failure\":{\"code\":"
                + "\"COST_ACCESS_DENIED\",\"message\":\"no ce:GetCostAndUsage\"}}")));

    CliRun run = CliRun.of(env, "scan", "cost", "--days", "3", "--wait", "--poll-interval",
        "10", "-o", "json");

    assertEquals(ExitCodes.SCAN_FAILED, run.exitCode(), run::transcript);
    assertEquals("{\"days\":3}", api.requests("POST", "/cost-scans").get(0).body());
    JsonNode last = Json.mapper().readTree(run.out());
    assertEquals("COST_ACCESS_DENIED", last.path("failure").path("code").asText());
    assertTrue(run.err().contains(COST_SCAN + "  FAILED"), "progress on stderr: " + run.err());
  }

  @Test
  void scanCost_whenItRanAtOnce_thenPrintsItWithoutFollowing() {
    api.on("POST /cost-scans", json(200, "{\"scanId\":\"" + COST_SCAN + "\",\"status\":"
        + "\"SUCCEEDED\",\"start\":\"2026-12-01\",\"end\":\"2026-12-07\",\"stacks\":2,"
        + "\"recorded\":12,\"requests\":1,\"anomalies\":[{\"stack\":\"web\",\"day\":"
        + "\"2026-12-06\",\"amount\":\"100.00\",\"baseline\":\"1.00\",\"unit\":\"USD\","
        + "\"reason\":\"stack 'web' cost 100.00 USD\"}],\"newAnomalies\":1,\"notice\":\"\"}"));

    CliRun run = CliRun.of(env, "scan", "cost", "--wait");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertTrue(api.requests("GET", "/cost-scans/" + COST_SCAN).isEmpty());
    assertTrue(run.out().contains("anomaly: stack 'web' cost 100.00 USD"), run::transcript);
  }

  @Test
  void scanShow_whenCostId_thenReadsTheCostScan_elseTheDriftScan() {
    api.on("GET /cost-scans/" + COST_SCAN, json(200, "{\"scanId\":\"" + COST_SCAN
            + "\",\"status\":\"SUCCEEDED\",\"days\":7,\"started\":\"2026-12-07T05:00:00Z\"}"))
        .on("GET /drift-scans/" + DRIFT_SCAN, json(200, driftScan("SUCCEEDED", "")));

    assertEquals(ExitCodes.OK, CliRun.of(env, "scan", "show", COST_SCAN).exitCode());
    CliRun drift = CliRun.of(env, "scan", "show", DRIFT_SCAN, "-o", "yaml");

    assertEquals(ExitCodes.OK, drift.exitCode(), drift::transcript);
    assertTrue(drift.out().contains("scanId: " + DRIFT_SCAN), drift::transcript);
    assertEquals(1, api.requests("GET", "/cost-scans/" + COST_SCAN).size());
  }

  @Test
  void helpAndCompletion_thenTheNewCommandsHaveExamplesAndAreCompleted() {
    for (String[] command : new String[][] {
        {"deployments"}, {"drift"}, {"scan", "drift"}, {"scan", "cost"}, {"scan", "show"}}) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      CliRun help = CliRun.of(env, args);
      assertEquals(0, help.exitCode(), help::transcript);
      assertTrue(help.out().contains("Example"), String.join(" ", command));
      assertTrue(help.out().contains("--output"), String.join(" ", command));
    }
    CliRun completion = CliRun.of(env, "completion", "bash");
    for (String word : new String[] {"deployments", "drift", "scan", "--days", "--source"}) {
      assertTrue(completion.out().contains(word), word);
    }
  }

  @Test
  void scanList_whenDriftThenCost_thenEachRouteOneRowPerScanAndTheNextToken() {
    api.on("GET /drift-scans", json(200, "{\"items\":[{\"scanId\":\"" + DRIFT_SCAN
        + "\",\"status\":\"RUNNING\",\"trigger\":\"api\","
        + "\"startedAt\":\"2026-12-07T05:00:00.123Z\",\"progress\":{\"done\":3,\"total\":40},"
        + "\"outcomes\":{}}],\"nextToken\":\"p2\"}"));
    api.on("GET /cost-scans", json(200, "{\"items\":[{\"scanId\":\"" + COST_SCAN
        + "\",\"status\":\"SUCCEEDED\",\"started\":\"2026-12-07T05:00:00Z\","
        + "\"finished\":\"2026-12-07T05:01:00Z\",\"stacks\":12}]}"));

    CliRun drift = CliRun.of(env, "scan", "list", "--limit", "1");
    CliRun cost = CliRun.of(env, "scan", "list", "--cost");

    assertEquals(ExitCodes.OK, drift.exitCode(), drift::transcript);
    assertEquals("limit=1", api.requests().get(0).query());
    List<String> lines = drift.out().lines().toList();
    assertTrue(lines.get(0).startsWith("SCAN"), drift::transcript);
    assertTrue(lines.get(1).startsWith(DRIFT_SCAN + "  RUNNING  api"), drift::transcript);
    assertTrue(lines.get(1).contains("2026-12-07T05:00:00Z"), drift::transcript);
    assertTrue(lines.get(1).endsWith("3/40"), drift::transcript);
    assertEquals("more: --next-token p2", lines.get(2), drift::transcript);
    assertEquals(ExitCodes.OK, cost.exitCode(), cost::transcript);
    List<String> costLines = cost.out().lines().toList();
    assertTrue(costLines.get(1).startsWith(COST_SCAN + "  SUCCEEDED"), cost::transcript);
    assertTrue(costLines.get(1).endsWith("12"), cost::transcript);
    assertEquals(2, costLines.size(), cost::transcript);
  }
}
