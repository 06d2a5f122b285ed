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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fogbank lock acquire|release} against a stub of the API: what they send and exit with. */
class LockCommandsTest {
  private static final String MANUAL_LOCK =
      "{\"locked\":true,\"deploymentId\":\"manual/api\",\"owner\":\"manual/api\","
          + "\"acquiredAt\":\"2026-12-06T20:00:00Z\",\"expiresAt\":\"2026-12-06T21:00:00Z\","
          + "\"reason\":\"db migration\"}";

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

  @Test
  void lockAcquire_whenTtlAndReason_thenPostsSecondsAndReasonAndSaysUntilWhen() throws IOException {
    api.on("POST /stacks/web/lock", json(200, MANUAL_LOCK));

    CliRun run = CliRun.of(env, "lock", "acquire", "web", "--ttl", "1h", "--reason", "db migration");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    List<ApiStub.Request> sent = api.requests("POST", "/stacks/web/lock");
    assertEquals(1, sent.size());
    JsonNode body = Json.mapper().readTree(sent.get(0).body());
    assertEquals(3600, body.path("ttlSeconds").asInt());
    assertEquals("db migration", body.path("reason").asText());
    assertEquals("Bearer stub-token", sent.get(0).authorization());
    assertTrue(
        run.out().startsWith("web is locked by manual/api until 2026-12-06T21:00:00Z"),
        run::transcript);
  }

  @Test
  void lockAcquire_whenSomeoneElseHoldsIt_thenTheirNameAndConflictExit() {
    api.on(
        "POST /stacks/web/lock",
        error(409, "LOCKED", "stack 'web' is locked by manual/bob until 2026-12-06T21:00:00Z"));

    CliRun run = CliRun.of(env, "lock", "acquire", "web", "--ttl", "30m");

    assertEquals(ExitCodes.CONFLICT, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("LOCKED: stack 'web' is locked by manual/bob"), run::transcript);
  }

  @Test
  void lockAcquire_whenTtlMissingOrNotADuration_thenUsageExitAndNothingSent() {
    CliRun missing = CliRun.of(env, "lock", "acquire", "web");
    CliRun bad = CliRun.of(env, "lock", "acquire", "web", "--ttl", "soon");

    assertEquals(ExitCodes.USAGE, missing.exitCode(), missing::transcript);
    assertEquals(ExitCodes.USAGE, bad.exitCode(), bad::transcript);
    assertTrue(bad.err().contains("'soon' is not a duration"), bad::transcript);
    assertTrue(api.requests().isEmpty());
  }

  @Test
  void lockRelease_whenPlain_thenDeleteWithoutForce() {
    api.on("DELETE /stacks/web/lock", json(200, MANUAL_LOCK));

    CliRun run = CliRun.of(env, "lock", "release", "web");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    List<ApiStub.Request> sent = api.requests("DELETE", "/stacks/web/lock");
    assertEquals(1, sent.size());
    assertNull(sent.get(0).query());
    assertTrue(run.out().startsWith("released the lock of web held by manual/api"), run::transcript);
  }

  @Test
  void lockRelease_whenForce_thenDeleteWithForceTrue() {
    api.on("DELETE /stacks/web/lock", json(200, MANUAL_LOCK));

    CliRun run = CliRun.of(env, "lock", "release", "web", "--force");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertEquals("force=true", api.requests("DELETE", "/stacks/web/lock").get(0).query());
  }

  @Test
  void lockRelease_whenNotLocked_thenNotFoundExit() {
    api.on("DELETE /stacks/web/lock", error(404, "NOT_FOUND", "stack 'web' is not locked"));

    CliRun run = CliRun.of(env, "lock", "release", "web");

    assertEquals(ExitCodes.NOT_FOUND, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("stack 'web' is not locked"), run::transcript);
  }
}
