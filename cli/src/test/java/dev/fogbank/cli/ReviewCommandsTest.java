package dev.fogbank.cli;

import static dev.fogbank.cli.ApiStub.error;
import static dev.fogbank.cli.ApiStub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.cli.client.ProfileFile;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * approve, reject, rollback and costs call routes that the approval flow, rollback and the cost
 * scans add to the API (POST /deployments/{id}/approve|reject, POST /stacks/{name}/rollback,
 * GET /costs): tested here against a stub of those routes only, and against a control plane
 * without them (404, exit 4).
 */
class ReviewCommandsTest {
  static final String ID = "d-20261206T200000-0123456789ab";

  @TempDir Path tmp;
  ApiStub api;
  Map<String, String> env;

  @BeforeEach
  void start() throws IOException {
    api = new ApiStub();
    env =
        Map.of(
            ProfileFile.CONFIG_VARIABLE, tmp.resolve("config.yaml").toString(),
            "FOGBANK_ENDPOINT", api.url().toString(),
            "FOGBANK_TOKEN", "stub-token");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void approve_whenReasonAndWait_thenPostsTheReasonAndFollowsToTheEnd() throws IOException {
    api.on("POST /deployments/" + ID + "/approve",
            json(200, "{\"deploymentId\":\"" + ID + "\",\"status\":\"RUNNING\"}"))
        .on("GET /deployments/" + ID,
            json(200, "{\"deploymentId\":\"" + ID + "\",\"stackName\":\"web\","
                + "\"status\":\"SUCCEEDED\"}"));

    CliRun run =
        CliRun.of(env, "approve", ID, "--reason", "CAB-42", "--wait", "--poll-interval", "10");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    JsonNode body =
        Json.mapper().readTree(api.requests("POST", "/deployments/" + ID + "/approve").get(0).body());
    assertEquals("CAB-42", body.path("reason").asText());
    assertTrue(run.out().contains("web: SUCCEEDED"), run::transcript);
  }

  @Test
  void reject_whenNoReason_thenUsageExit2AndNothingSent() {
    CliRun run = CliRun.of(env, "reject", ID);

    assertEquals(ExitCodes.USAGE, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("--reason"), run::transcript);
    assertTrue(api.requests().isEmpty());
  }

  @Test
  void reject_whenNotWaitingForApproval_thenConflictExit5() {
    api.on("POST /deployments/" + ID + "/reject",
        error(409, "INVALID_REQUEST", "deployment is SUCCEEDED, not waiting for approval"));

    CliRun run = CliRun.of(env, "reject", ID, "--reason", "replaces the database");

    assertEquals(ExitCodes.CONFLICT, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("not waiting for approval"), run::transcript);
  }

  @Test
  void approve_whenTheControlPlaneHasNoSuchRoute_thenNotFoundExit4() {
    CliRun run = CliRun.of(env, "approve", ID);

    assertEquals(ExitCodes.NOT_FOUND, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("no route for POST /deployments/" + ID + "/approve"),
        run::transcript);
  }

  @Test
  void rollback_whenTo_thenPostsTheTargetAndPrintsTheNewDeployment() throws IOException {
    api.on("POST /stacks/web/rollback",
        json(202, "{\"deploymentId\":\"d-new\",\"stackName\":\"web\",\"status\":\"QUEUED\"}"));

    CliRun withTarget = CliRun.of(env, "rollback", "web", "--to", ID);
    CliRun lastGood = CliRun.of(env, "rollback", "web", "-o", "json");

    assertEquals(ExitCodes.OK, withTarget.exitCode(), withTarget::transcript);
    assertTrue(withTarget.out().contains("d-new"), withTarget::transcript);
    var posts = api.requests("POST", "/stacks/web/rollback");
    assertEquals(ID, Json.mapper().readTree(posts.get(0).body()).path("toDeploymentId").asText());
    assertEquals("{}", posts.get(1).body());
    assertEquals("QUEUED", Json.mapper().readTree(lastGood.out()).path("status").asText());
  }

  @Test
  void costs_whenStack_thenQueriesItAndTabulatesItems() {
    api.on("GET /costs",
        json(200, "{\"items\":[{\"stackName\":\"web\",\"day\":\"2026-12-05\",\"usd\":1.25}]}"));

    CliRun one = CliRun.of(env, "costs", "--stack", "web");
    CliRun all = CliRun.of(env, "costs");

    assertEquals(ExitCodes.OK, one.exitCode(), one::transcript);
    assertEquals("stack=web", api.requests().get(0).query());
    assertNull(api.requests().get(1).query());
    assertEquals(
        "STACK_NAME  DAY         USD\nweb         2026-12-05  1.25\n", one.out(), one::transcript);
  }

  @Test
  void completionBash_thenAScriptThatCompletesTheApiCommands() {
    CliRun run = CliRun.of(env, "completion", "bash");

    assertEquals(0, run.exitCode(), run::transcript);
    assertTrue(run.out().contains("complete -F _complete_fogbank"), run::transcript);
    for (String command : new String[] {"deploy", "status", "history", "rollback", "local"}) {
      assertTrue(run.out().contains(command), command);
    }
    assertTrue(run.out().contains("--wait"), "options of subcommands are completed too");
  }
}
