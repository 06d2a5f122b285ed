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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fogbank events} and the stack events {@code deploy --wait} prints, against a stub of the
 * API (what they ask, what they print, each event once). EventsLocalIT runs them for real.
 */
class EventsCommandTest {
  static final String ID = "d-20261207T052000-0123456789ab";
  static final String EVENTS = "GET /deployments/" + ID + "/events";

  @TempDir Path tmp;
  ApiStub api;
  Map<String, String> env;
  Path template;

  @BeforeEach
  void start() throws IOException {
    api = new ApiStub();
    env = new HashMap<>();
    env.put(ProfileFile.CONFIG_VARIABLE, tmp.resolve("config.yaml").toString());
    env.put("FOGBANK_ENDPOINT", api.url().toString());
    env.put("FOGBANK_TOKEN", "stub-token");
    template = Files.writeString(tmp.resolve("t.yaml"), "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static String event(int second, String logicalId, String status, String reason) {
    return "{\"timestamp\":\"2026-12-07T05:20:0" + second + ".123Z\",\"logicalResourceId\":\""
        + logicalId + "\",\"resourceType\":\"AWS::SQS::Queue\",\"resourceStatus\":\"" + status
        + "\"" + (reason == null ? "" : ",\"statusReason\":\"" + reason + "\"")
        + ",\"eventId\":\"e" + second + "\"}";
  }

  static String page(String nextToken, boolean truncated, String... events) {
    return "{\"deploymentId\":\"" + ID + "\",\"items\":[" + String.join(",", events)
        + "],\"truncated\":" + truncated
        + (nextToken == null ? "" : ",\"nextToken\":\"" + nextToken + "\"") + "}";
  }

  static String deployment(String status) {
    return "{\"deploymentId\":\"" + ID + "\",\"stackName\":\"web\",\"status\":\"" + status
        + "\"}";
  }

  @Test
  void events_whenTable_thenOneRowPerEventAndTheTruncationAndNextPageNotes() {
    api.on(EVENTS, json(200, page("tok-2", true,
        event(1, "web", "CREATE_IN_PROGRESS", "User Initiated"),
        event(2, "Q", "CREATE_COMPLETE", null))));

    CliRun run = CliRun.of(env, "events", ID, "--limit", "2");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertEquals("limit=2", api.requests("GET", "/deployments/" + ID + "/events").get(0).query());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).matches("TIME\\s+LOGICAL ID\\s+TYPE\\s+STATUS\\s+REASON"),
        run::transcript);
    assertTrue(lines.get(1).matches(
        "2026-12-07T05:20:01.123Z\\s+web\\s+AWS::SQS::Queue\\s+CREATE_IN_PROGRESS\\s+User Initiated"),
        run::transcript);
    assertTrue(lines.get(2).matches("\\S+\\s+Q\\s+AWS::SQS::Queue\\s+CREATE_COMPLETE\\s+-"),
        run::transcript);
    assertTrue(run.out().contains("truncated: only the first 1,000 events"), run::transcript);
    assertTrue(run.out().contains("more: --next-token tok-2"), run::transcript);
  }

  @Test
  void events_whenAllAsJson_thenEveryPageInOneParsableDocument() throws IOException {
    api.on(EVENTS,
        json(200, page("tok-2", false, event(1, "web", "CREATE_IN_PROGRESS", null))),
        json(200, page(null, false, event(2, "web", "CREATE_COMPLETE", null))));

    CliRun run = CliRun.of(env, "events", ID, "--all", "-o", "json");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    JsonNode doc = Json.mapper().readTree(run.out());
    assertEquals(2, doc.path("items").size(), run::transcript);
    assertEquals("CREATE_COMPLETE", doc.path("items").get(1).path("resourceStatus").asText());
    assertTrue(api.requests("GET", "/deployments/" + ID + "/events").get(1).query()
        .contains("nextToken=tok-2"));
  }

  @Test
  void events_whenUnknownDeployment_thenExit4WithTheApisCode() {
    api.on(EVENTS, error(404, "NOT_FOUND", "no deployment with id 'x'"));

    CliRun run = CliRun.of(env, "events", ID);

    assertEquals(ExitCodes.NOT_FOUND, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("NOT_FOUND"), run::transcript);
  }

  @Test
  void eventsFollow_whenEventsComeWhileItRuns_thenEachPrintedOnceUntilItEnds() {
    String e1 = event(1, "web", "CREATE_IN_PROGRESS", "User Initiated");
    String e2 = event(2, "Q", "CREATE_COMPLETE", null);
    String e3 = event(3, "web", "CREATE_COMPLETE", null);
    api.on("GET /deployments/" + ID,
            json(200, deployment("RUNNING")), json(200, deployment("RUNNING")),
            json(200, deployment("SUCCEEDED")))
        .on(EVENTS, json(200, page(null, false, e1)), json(200, page(null, false, e1, e2)),
            json(200, page(null, false, e1, e2, e3)));

    CliRun run = CliRun.of(env, "events", ID, "--follow", "--poll-interval", "10");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertEquals(
        List.of(
            "  2026-12-07T05:20:01Z  web  CREATE_IN_PROGRESS  User Initiated",
            "  2026-12-07T05:20:02Z  Q  CREATE_COMPLETE",
            "  2026-12-07T05:20:03Z  web  CREATE_COMPLETE"),
        run.out().lines().toList(),
        run::transcript);
  }

  @Test
  void deployWait_whenStackEventsCome_thenEachOnceBeforeTheStatusReadWithIt_summaryUnchanged() {
    String e1 = event(1, "web", "CREATE_IN_PROGRESS", "User Initiated");
    String e2 = event(2, "Q", "CREATE_FAILED", "Resource handler returned message: \\\"bad\\\"");
    api.on("POST /deployments", json(202, deployment("QUEUED")))
        .on("GET /deployments/" + ID,
            json(200, deployment("RUNNING")), json(200, deployment("RUNNING")),
            json(200, "{\"deploymentId\":\"" + ID + "\",\"stackName\":\"web\",\"status\":"
                + "\"FAILED\",\"error\":{\"code\":\"STACK_FAILED\",\"message\":\"Q failed\"}}"))
        // A page with a nextToken, then its last page: later polls re-read from that token.
        .on(EVENTS, json(200, page(null, false, e1)), json(200, page("t", false, e1)),
            json(200, page(null, false, e2)), json(200, page(null, false, e2)));

    CliRun run =
        CliRun.of(env, "deploy", "web", "-t", template.toString(), "--wait", "--poll-interval",
            "10");

    assertEquals(ExitCodes.DEPLOYMENT_FAILED, run.exitCode(), run::transcript);
    List<String> lines = run.out().lines().toList();
    int started = lines.indexOf("  2026-12-07T05:20:01Z  web  CREATE_IN_PROGRESS  User Initiated");
    int failed =
        lines.indexOf("  2026-12-07T05:20:02Z  Q  CREATE_FAILED  Resource handler returned"
            + " message: \"bad\"");
    int running = indexOfEnding(lines, "  RUNNING");
    int ended = indexOfEnding(lines, "  FAILED");
    assertTrue(started >= 0 && failed > started, run::transcript);
    assertTrue(started < running && failed < ended, run::transcript);
    assertEquals(1, lines.stream().filter(l -> l.contains("CREATE_IN_PROGRESS")).count(),
        run::transcript);
    assertTrue(run.out().contains("web: FAILED — STACK_FAILED: Q failed"), run::transcript);
    List<String> queries =
        api.requests("GET", "/deployments/" + ID + "/events").stream()
            .map(ApiStub.Request::query).toList();
    assertTrue(queries.get(2).contains("nextToken=t"), queries::toString);
  }

  @Test
  void deployWait_whenTheApiHasNoEventsRoute_thenStatusChangesAndExitCodeAsBefore() {
    api.on("POST /deployments", json(202, deployment("QUEUED")))
        .on("GET /deployments/" + ID, json(200, deployment("RUNNING")),
            json(200, deployment("SUCCEEDED")));

    CliRun run =
        CliRun.of(env, "deploy", "web", "-t", template.toString(), "--wait", "--poll-interval",
            "10");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertEquals(1, api.requests("GET", "/deployments/" + ID + "/events").size());
    assertTrue(run.out().contains("web: SUCCEEDED"), run::transcript);
  }

  @Test
  void helpAndCompletion_thenExamplesAndTheCommandCompleted() {
    CliRun help = CliRun.of(env, "events", "--help");
    CliRun completion = CliRun.of(env, "completion", "bash");

    assertEquals(0, help.exitCode(), help::transcript);
    assertTrue(help.out().contains("Examples:") && help.out().contains("--follow"),
        help::transcript);
    assertTrue(completion.out().contains("events"), completion::transcript);
  }

  private static int indexOfEnding(List<String> lines, String suffix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).endsWith(suffix) && lines.get(i).contains(ID)) {
        return i;
      }
    }
    return -1;
  }
}
