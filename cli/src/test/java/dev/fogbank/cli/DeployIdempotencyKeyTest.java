package dev.fogbank.cli;

import static dev.fogbank.cli.ApiStub.error;
import static dev.fogbank.cli.ApiStub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.cli.client.ProfileFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fogbank deploy --idempotency-key} against a stub of the API: the header it sends. */
class DeployIdempotencyKeyTest {
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
    template = Files.writeString(tmp.resolve("template.yaml"), ClientCommandsTest.TEMPLATE);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void deploy_whenIdempotencyKeyGiven_thenSentAsTheHeaderWithTheSameBodyEachRun() {
    api.on("POST /deployments", json(202, ClientCommandsTest.deployment("QUEUED", "")));

    CliRun first =
        CliRun.of(env, "deploy", "web", "-t", template.toString(), "--idempotency-key", "run-42");
    CliRun second =
        CliRun.of(env, "deploy", "web", "-t", template.toString(), "--idempotency-key", "run-42");

    assertEquals(ExitCodes.OK, first.exitCode(), first::transcript);
    assertEquals(ExitCodes.OK, second.exitCode(), second::transcript);
    var posts = api.requests("POST", "/deployments");
    assertEquals("run-42", posts.get(0).idempotencyKey());
    assertEquals("run-42", posts.get(1).idempotencyKey());
    assertEquals(posts.get(0).body(), posts.get(1).body(), "a retry must send the same bytes");
  }

  @Test
  void deploy_whenNoIdempotencyKey_thenNoHeader() {
    api.on("POST /deployments", json(202, ClientCommandsTest.deployment("QUEUED", "")));

    CliRun run = CliRun.of(env, "deploy", "web", "-t", template.toString());

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertNull(api.requests("POST", "/deployments").get(0).idempotencyKey());
  }

  @Test
  void deploy_whenKeyReusedWithOtherInputs_thenExitConflictWithTheApiMessage() {
    api.on(
        "POST /deployments",
        error(409, "IDEMPOTENCY_KEY_REUSED", "the Idempotency-Key was already used"));

    CliRun run =
        CliRun.of(env, "deploy", "web", "-t", template.toString(), "--idempotency-key", "run-42");

    assertEquals(ExitCodes.CONFLICT, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("IDEMPOTENCY_KEY_REUSED"), run::transcript);
  }
}
