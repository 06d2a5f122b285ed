package dev.fogbank.cli;

import static dev.fogbank.cli.ApiStub.error;
import static dev.fogbank.cli.ApiStub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.cli.client.ProfileFile;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
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
 * The API commands against a stub of the API: what they send, how they follow a deployment, and
 * which exit code each kind of answer gives. ClientCommandsIT runs them against the real thing.
 */
class ClientCommandsTest {
  static final String ID = "d-20261206T200000-0123456789ab";
  static final String TEMPLATE = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n";

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
    template = Files.writeString(tmp.resolve("template.yaml"), TEMPLATE);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static String deployment(String status, String extra) {
    return "{\"deploymentId\":\"" + ID + "\",\"stackName\":\"web\",\"status\":\"" + status + "\""
        + extra + "}";
  }

  @Test
  void deploy_whenWaiting_thenSendsTheRequestAndPrintsEachStatusChangeOnce() throws IOException {
    api.on("POST /deployments", json(202, deployment("QUEUED", "")))
        .on(
            "GET /deployments/" + ID,
            json(200, deployment("QUEUED", "")),
            json(200, deployment("RUNNING", "")),
            json(200, deployment("RUNNING", "")),
            json(
                200,
                deployment(
                    "SUCCEEDED",
                    ",\"startedAt\":\"2026-12-06T20:00:01Z\",\"endedAt\":\"2026-12-06T20:00:13Z\","
                        + "\"changeSummary\":{\"adds\":1,\"modifies\":0,\"removes\":0}")));

    CliRun run =
        CliRun.of(env, "deploy", "web", "-t", template.toString(), "-p", "Team=payments",
            "--tag", "owner=alice", "--enforcement", "warn", "--wait", "--poll-interval", "10");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    ApiStub.Request post = api.requests("POST", "/deployments").get(0);
    assertEquals("Bearer stub-token", post.authorization());
    JsonNode body = Json.mapper().readTree(post.body());
    assertEquals("web", body.path("stackName").asText());
    assertEquals(TEMPLATE, body.path("templateBody").asText());
    assertEquals("payments", body.path("parameters").path("Team").asText());
    assertEquals("alice", body.path("tags").path("owner").asText());
    assertEquals("warn", body.path("options").path("validation").path("enforcement").asText());
    List<String> changes =
        run.out().lines().filter(l -> l.matches("\\S+Z  web  " + ID + "  \\w+")).toList();
    assertEquals(3, changes.size(), run::transcript);
    assertTrue(changes.get(0).endsWith("QUEUED") && changes.get(1).endsWith("RUNNING")
        && changes.get(2).endsWith("SUCCEEDED"), run::transcript);
    assertTrue(run.out().contains("web: SUCCEEDED in 12s (+1 ~0 -0)"), run::transcript);
  }

  @Test
  void deploy_whenTheDeploymentFails_thenExit1WithItsError() {
    api.on("POST /deployments", json(202, deployment("QUEUED", "")))
        .on(
            "GET /deployments/" + ID,
            json(200, deployment("FAILED",
                ",\"error\":{\"code\":\"STACK_FAILED\",\"message\":\"Queue: CREATE_FAILED\"}")));

    CliRun run =
        CliRun.of(env, "deploy", "web", "-t", template.toString(), "--wait", "--poll-interval",
            "10");

    assertEquals(ExitCodes.DEPLOYMENT_FAILED, run.exitCode(), run::transcript);
    assertTrue(run.out().contains("web: FAILED — STACK_FAILED: Queue: CREATE_FAILED"),
        run::transcript);
  }

  @Test
  void deploy_whenEndsRejectedOrCancelled_thenDistinctExitCodes() {
    String rejectedByAPerson =
        deployment("CANCELLED", ",\"approval\":{\"decision\":\"REJECTED\",\"by\":\"bob\","
            + "\"at\":\"2026-12-06T20:00:05Z\",\"reason\":\"no\"}");
    List<String> statuses = List.of("REJECTED", "CANCELLED", "FAILED");
    List<Integer> expected =
        List.of(ExitCodes.DEPLOYMENT_REJECTED, ExitCodes.DEPLOYMENT_CANCELLED,
            ExitCodes.DEPLOYMENT_FAILED);
    for (int i = 0; i < statuses.size(); i++) {
      api.on("POST /deployments", json(202, deployment("QUEUED", "")))
          .on("GET /deployments/" + ID, json(200, deployment(statuses.get(i), "")));
      CliRun run =
          CliRun.of(env, "deploy", "web", "-t", template.toString(), "--wait", "--poll-interval",
              "10");
      assertEquals(expected.get(i), run.exitCode(), statuses.get(i) + "\n" + run.transcript());
    }
    api.on("GET /deployments/" + ID, json(200, rejectedByAPerson));
    CliRun person = CliRun.of(env, "status", ID, "--wait", "--poll-interval", "10");
    assertEquals(ExitCodes.DEPLOYMENT_REJECTED, person.exitCode(), person::transcript);
    assertEquals(
        List.of(0, 1, 8, 9, 10),
        List.of(ExitCodes.OK, ExitCodes.DEPLOYMENT_FAILED, ExitCodes.WAIT_TIMED_OUT,
            ExitCodes.DEPLOYMENT_REJECTED, ExitCodes.DEPLOYMENT_CANCELLED),
        "the codes README documents");
  }

  @Test
  void deploy_whenTemplateOverInlineLimit_thenUploadsItAndSendsTemplateUrl() throws IOException {
    // One byte over CloudFormation's inline limit: a comment pads it.
    String big = TEMPLATE + "#" + "x".repeat(51_200 - TEMPLATE.length()) + "\n";
    Path file = Files.writeString(tmp.resolve("big.yaml"), big);
    api.on("POST /templates/uploads",
            json(201, "{\"uploadUrl\":\"" + api.url() + "/bucket/uploads/web/t.template?X-Amz-"
                + "Signature=abc\",\"method\":\"PUT\",\"templateUrl\":\"https://bucket.s3.us-east-1"
                + ".amazonaws.com/uploads/web/t.template\",\"expiresAt\":\"2026-12-06T20:15:00Z\","
                + "\"maxBytes\":1048576}"))
        .on("PUT /bucket/uploads/web/t.template", json(200, ""))
        .on("POST /deployments", json(202, deployment("QUEUED", "")));

    CliRun run = CliRun.of(env, "deploy", "web", "-t", file.toString());

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    JsonNode ask = Json.mapper().readTree(api.requests("POST", "/templates/uploads").get(0).body());
    assertEquals("web", ask.path("stackName").asText());
    assertEquals(dev.fogbank.shared.digest.Sha256.hex(big), ask.path("sha256").asText());
    ApiStub.Request put = api.requests("PUT", "/bucket/uploads/web/t.template").get(0);
    assertEquals(big, put.body());
    assertEquals(null, put.authorization(), "no bearer token to S3");
    JsonNode body = Json.mapper().readTree(api.requests("POST", "/deployments").get(0).body());
    assertEquals(
        "https://bucket.s3.us-east-1.amazonaws.com/uploads/web/t.template",
        body.path("templateUrl").asText());
    assertFalse(body.has("templateBody"), body::toString);
  }

  @Test
  void deploy_whenTemplateAtInlineLimit_thenSendsItInline() throws IOException {
    String edge = TEMPLATE + "#" + "x".repeat(51_200 - TEMPLATE.length() - 2) + "\n";
    Path file = Files.writeString(tmp.resolve("edge.yaml"), edge);
    api.on("POST /deployments", json(202, deployment("QUEUED", "")));

    CliRun run = CliRun.of(env, "deploy", "web", "-t", file.toString());

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertTrue(api.requests("POST", "/templates/uploads").isEmpty());
    JsonNode body = Json.mapper().readTree(api.requests("POST", "/deployments").get(0).body());
    assertEquals(edge, body.path("templateBody").asText());
  }

  @Test
  void deployWait_whenStdoutIsATerminal_thenOneRedrawnProgressLineAndColour() {
    api.on("POST /deployments", json(202, deployment("QUEUED", "")))
        .on(
            "GET /deployments/" + ID,
            json(200, deployment("RUNNING", "")),
            json(200, deployment("RUNNING", "")),
            json(200, deployment("SUCCEEDED", "")));
    CliRun run;
    // As scripts/fogbank says when [ -t 1 ].
    System.setProperty("fogbank.stdout.tty", "true");
    try {
      run = CliRun.of(env, "deploy", "web", "-t", template.toString(), "--wait",
          "--poll-interval", "10");
    } finally {
      System.clearProperty("fogbank.stdout.tty");
    }

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertTrue(run.out().contains("\r\u001b[K| web  \u001b[36mRUNNING\u001b[0m  "),
        run::transcript);
    assertTrue(run.out().contains("web: \u001b[32mSUCCEEDED\u001b[0m"), run::transcript);
    // The redrawn line is erased before the next status line and at the end.
    assertTrue(run.out().contains("\r\u001b[K" + "20"), run::transcript);
  }

  @Test
  void deploy_whenWaitOutlastsTimeout_thenExit8AndSaysHowToGoOn() {
    api.on("POST /deployments", json(202, deployment("QUEUED", "")))
        .on("GET /deployments/" + ID, json(200, deployment("RUNNING", "")));

    CliRun run =
        CliRun.of(env, "deploy", "web", "-t", template.toString(), "--wait", "--timeout", "0s",
            "--poll-interval", "10");

    assertEquals(ExitCodes.WAIT_TIMED_OUT, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("fogbank status " + ID + " --wait"), run::transcript);
  }

  @Test
  void deploy_whenJsonOutput_thenStdoutIsOneJsonDocumentAndProgressGoesToStderr()
      throws IOException {
    api.on("POST /deployments", json(202, deployment("QUEUED", "")))
        .on("GET /deployments/" + ID, json(200, deployment("NO_CHANGES", "")));

    CliRun run =
        CliRun.of(env, "deploy", "web", "-t", template.toString(), "--wait", "-o", "json");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertEquals("NO_CHANGES", Json.mapper().readTree(run.out()).path("status").asText());
    assertTrue(run.err().contains("NO_CHANGES"), run::transcript);
  }

  @Test
  void statusWait_whenTheApiBlipsFewerThanFourTimes_thenRidesItOutElseExit3() {
    api.on(
            "GET /deployments/" + ID,
            error(503, "AWS_UNAVAILABLE", "throttled"),
            error(503, "AWS_UNAVAILABLE", "throttled"),
            error(503, "AWS_UNAVAILABLE", "throttled"),
            json(200, deployment("SUCCEEDED", "")))
        .on("GET /deployments/d-down", error(503, "AWS_UNAVAILABLE", "throttled"));

    CliRun blip = CliRun.of(env, "status", ID, "--wait", "--poll-interval", "10");
    CliRun down = CliRun.of(env, "status", "d-down", "--wait", "--poll-interval", "10");

    assertEquals(ExitCodes.OK, blip.exitCode(), blip::transcript);
    assertTrue(blip.out().contains("web: SUCCEEDED"), blip::transcript);
    assertEquals(ExitCodes.API_ERROR, down.exitCode(), down::transcript);
    assertEquals(4, api.requests("GET", "/deployments/d-down").size(), "1 try + 3 retries");
  }

  @Test
  void deploy_whenParametersFile_thenItsValuesUnderTheCommandLines() throws IOException {
    Path manifest =
        Files.writeString(
            tmp.resolve("deployment.yaml"),
            "parameters:\n  Team: payments\n  Env: dev\ntags:\n  owner: alice\n"
                + "validation:\n  enforcement: warn\n  blockAt: MEDIUM\n");
    api.on("POST /deployments", json(202, deployment("QUEUED", "")));

    CliRun run =
        CliRun.of(env, "deploy", "web", "-t", template.toString(), "--parameters",
            manifest.toString(), "-p", "Env=prod", "--block-at", "CRITICAL");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    JsonNode body = Json.mapper().readTree(api.requests().get(0).body());
    assertEquals("payments", body.path("parameters").path("Team").asText());
    assertEquals("prod", body.path("parameters").path("Env").asText());
    assertEquals("alice", body.path("tags").path("owner").asText());
    assertEquals("warn", body.path("options").path("validation").path("enforcement").asText());
    assertEquals("CRITICAL", body.path("options").path("validation").path("blockAt").asText());
    assertTrue(run.out().contains("fogbank status " + ID + " --wait"), run::transcript);
  }

  @Test
  void mistypedCommand_thenUsageExit2WithASuggestion() {
    CliRun run = CliRun.of(env, "stauts", ID);

    assertEquals(ExitCodes.USAGE, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("Did you mean"), run::transcript);
    assertTrue(run.err().contains("status"), run::transcript);
  }

  @Test
  void deploy_whenApiRefuses_thenItsCodeAndMessageAndExit3() {
    api.on("POST /deployments", error(400, "INVALID_STACK_NAME", "stack name must match ..."));

    CliRun run = CliRun.of(env, "deploy", "web_site", "-t", template.toString());

    assertEquals(ExitCodes.API_ERROR, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("INVALID_STACK_NAME: stack name must match"), run::transcript);
    assertFalse(run.err().contains("at dev.fogbank"), "no stack trace: " + run.err());
  }

  @Test
  void deploy_whenTemplateFileMissing_thenUsageExit2AndNothingSent() {
    CliRun run = CliRun.of(env, "deploy", "web", "-t", tmp.resolve("nope.yaml").toString());

    assertEquals(ExitCodes.USAGE, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("nope.yaml"), run::transcript);
    assertEquals(List.of(), api.requests());
  }

  @Test
  void status_whenAnswerIsAnError_thenExitCodeByKind() {
    api.on("GET /deployments/gone", error(404, "NOT_FOUND", "no deployment with id 'gone'"))
        .on("GET /deployments/busy", error(409, "LOCKED", "stack web is locked"))
        .on("GET /deployments/secret", error(401, "UNAUTHORIZED", "missing or wrong token"))
        .on("GET /deployments/broken", json(502, "<html>Bad Gateway</html>"));

    CliRun gone = CliRun.of(env, "status", "gone");
    CliRun busy = CliRun.of(env, "status", "busy");
    CliRun secret = CliRun.of(env, "status", "secret");
    CliRun broken = CliRun.of(env, "status", "broken");

    assertEquals(ExitCodes.NOT_FOUND, gone.exitCode(), gone::transcript);
    assertTrue(gone.err().contains("NOT_FOUND: no deployment with id 'gone'"), gone::transcript);
    assertEquals(ExitCodes.CONFLICT, busy.exitCode(), busy::transcript);
    assertEquals(ExitCodes.AUTH, secret.exitCode(), secret::transcript);
    assertEquals(ExitCodes.API_ERROR, broken.exitCode(), broken::transcript);
    assertTrue(broken.err().contains("HTTP 502"), broken::transcript);
  }

  @Test
  void status_whenNoTokenAnd401_thenSaysNoTokenWasSent() {
    env.remove("FOGBANK_TOKEN");
    api.on("GET /deployments/" + ID, error(401, "UNAUTHORIZED", "missing or wrong bearer token"));

    CliRun run = CliRun.of(env, "status", ID);

    assertEquals(ExitCodes.AUTH, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("no token was sent"), run::transcript);
    assertEquals(null, api.requests().get(0).authorization());
  }

  @Test
  void status_whenNothingListens_thenExit7NamingTheEndpoint() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }

    CliRun run = CliRun.of(env, "status", ID, "--endpoint", "http://127.0.0.1:" + port);

    assertEquals(ExitCodes.UNREACHABLE, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("cannot reach http://127.0.0.1:" + port), run::transcript);
  }

  @Test
  void status_whenNoEndpointAnywhere_thenUsageExit2() {
    env.remove("FOGBANK_ENDPOINT");

    CliRun run = CliRun.of(env, "status", ID);

    assertEquals(ExitCodes.USAGE, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("no API endpoint"), run::transcript);
  }

  @Test
  void history_whenAll_thenFollowsNextTokenAndPrintsEveryItem() throws IOException {
    api.on(
        "GET /stacks/web/deployments",
        json(200, "{\"items\":[" + deployment("SUCCEEDED", "") + "],\"nextToken\":\"p2\"}"),
        json(200, "{\"items\":[" + deployment("FAILED", "").replace(ID, "d-older") + "]}"));

    CliRun run = CliRun.of(env, "history", "web", "--all", "--limit", "1", "-o", "json");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    JsonNode items = Json.mapper().readTree(run.out()).path("items");
    assertEquals(2, items.size(), run::transcript);
    assertEquals("d-older", items.get(1).path("deploymentId").asText());
    assertEquals("limit=1&nextToken=p2", api.requests().get(1).query());
  }

  @Test
  void history_whenTable_thenOneRowPerDeploymentAndTheNextPageHint() {
    api.on(
        "GET /stacks/web/deployments",
        json(200, "{\"items\":[" + deployment("REJECTED",
            ",\"source\":\"api\",\"error\":{\"code\":\"REJECTED\",\"message\":\"FB-S3-002\"}")
            + "],\"nextToken\":\"p2\"}"));

    CliRun run = CliRun.of(env, "history", "web");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).startsWith("DEPLOYMENT"), run::transcript);
    assertTrue(lines.get(1).startsWith(ID + "  REJECTED  api"), run::transcript);
    assertTrue(lines.get(1).endsWith("REJECTED: FB-S3-002"), run::transcript);
    assertTrue(run.out().contains("--next-token p2"), run::transcript);
  }

  @Test
  void cancel_whenQueued_thenPostsCancelAndPrintsTheCancelledRecord() {
    api.on("POST /deployments/" + ID + "/cancel", json(200, deployment("CANCELLED", "")));

    CliRun run = CliRun.of(env, "cancel", ID);

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertEquals(1, api.requests("POST", "/deployments/" + ID + "/cancel").size());
    assertTrue(run.out().contains("CANCELLED"), run::transcript);
  }

  @Test
  void cancel_whenRunning_thenExit5WithTheCode_whenForbidden_thenExit6() {
    api.on(
            "POST /deployments/" + ID + "/cancel",
            error(409, "NOT_CANCELLABLE", "deployment " + ID + " is RUNNING"))
        .on("POST /deployments/d-other/cancel", error(403, "FORBIDDEN", "ci may not deploy"));

    CliRun busy = CliRun.of(env, "cancel", ID);
    CliRun forbidden = CliRun.of(env, "cancel", "d-other");

    assertEquals(ExitCodes.CONFLICT, busy.exitCode(), busy::transcript);
    assertTrue(busy.err().contains("NOT_CANCELLABLE"), busy::transcript);
    assertEquals(ExitCodes.AUTH, forbidden.exitCode(), forbidden::transcript);
  }

  @Test
  void stacks_whenTable_thenOneRowPerStackWithLatestStatusAndLockHolder() {
    api.on(
        "GET /stacks",
        json(
            200,
            "{\"items\":[{\"stackName\":\"api\",\"latestDeployment\":"
                + deployment("SUCCEEDED", ",\"requestedAt\":\"2026-12-06T20:00:00Z\"")
                + ",\"lock\":{\"locked\":false}},"
                + "{\"stackName\":\"web\",\"lock\":{\"locked\":true,\"owner\":\"manual/ci\"}}],"
                + "\"nextToken\":\"v1.abc.def\"}"));

    CliRun run = CliRun.of(env, "stacks", "--limit", "2");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertEquals("limit=2", api.requests().get(0).query());
    List<String> lines = run.out().lines().toList();
    assertEquals(List.of("STACK", "LATEST", "STATUS", "REQUESTED", "LOCKED", "BY"),
        List.of(lines.get(0).split("\\s+")));
    assertEquals(List.of("api", ID, "SUCCEEDED", "2026-12-06T20:00:00Z", "-"),
        List.of(lines.get(1).split("\\s+")));
    assertEquals(List.of("web", "-", "-", "-", "manual/ci"), List.of(lines.get(2).split("\\s+")));
    assertEquals("more: --next-token v1.abc.def", lines.get(3));
  }

  @Test
  void lockShow_whenLocked_thenSaysByWhomAndForWhich() {
    api.on(
        "GET /stacks/web/lock",
        json(200, "{\"locked\":true,\"deploymentId\":\"" + ID + "\",\"owner\":\"exec-1\","
            + "\"acquiredAt\":\"2026-12-06T20:00:00Z\",\"expiresAt\":\"2026-12-06T21:00:00Z\"}"));

    CliRun run = CliRun.of(env, "lock", "show", "web");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertTrue(run.out().startsWith("web is locked by exec-1 for deployment " + ID),
        run::transcript);
  }
}
