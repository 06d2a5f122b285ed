package dev.fogbank.cli;

import static dev.fogbank.cli.ApiStub.error;
import static dev.fogbank.cli.ApiStub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.cli.client.ExitCodes;
import dev.fogbank.cli.client.ProfileFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fogbank console} against a stub of the API: what it sends, prints and exits with. */
class ConsoleCommandTest {
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
  void console_whenLocalModeAnswersAPath_thenPostsWithTheBearerAndPrintsTheLinkOnTheEndpoint() {
    api.on(
        "POST /console/session",
        json(200, "{\"principal\":\"local\",\"loginPath\":\"/console/login?ticket=t1\","
            + "\"expiresInSeconds\":60}"));

    CliRun run = CliRun.of(env, "console", "--no-browser");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    List<ApiStub.Request> sent = api.requests("POST", "/console/session");
    assertEquals(1, sent.size());
    assertEquals("Bearer stub-token", sent.get(0).authorization());
    assertEquals(api.url() + "/console/login?ticket=t1", run.out().strip());
  }

  @Test
  void console_whenTheAnswerHasALoginUrl_thenThatUrl() {
    api.on(
        "POST /console/session",
        json(200, "{\"principal\":\"arn:aws:iam::1:user/a\","
            + "\"loginPath\":\"/console/login?ticket=t2\",\"loginUrl\":"
            + "\"https://abc.execute-api.eu-west-1.amazonaws.com/console/login?ticket=t2\","
            + "\"expiresInSeconds\":60}"));

    CliRun run = CliRun.of(env, "console", "--no-browser");

    assertEquals(ExitCodes.OK, run.exitCode(), run::transcript);
    assertEquals(
        "https://abc.execute-api.eu-west-1.amazonaws.com/console/login?ticket=t2",
        run.out().strip());
  }

  @Test
  void console_whenTheTokenIsRefused_thenAuthExitWithTheApisMessage() {
    api.on(
        "POST /console/session",
        error(401, "UNAUTHORIZED", "that token is not valid: use the token fogbank printed"));

    CliRun run = CliRun.of(env, "console", "--no-browser");

    assertEquals(ExitCodes.AUTH, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("that token is not valid"), run::transcript);
  }

  @Test
  void console_whenNoTokenAndNotSigning_thenAuthExitExplainingSigV4AndNothingSent() {
    env.remove("FOGBANK_TOKEN");

    CliRun run = CliRun.of(env, "console", "--no-browser", "--auth", "token");

    assertEquals(ExitCodes.AUTH, run.exitCode(), run::transcript);
    assertTrue(run.err().contains("SigV4"), run::transcript);
    assertEquals(List.of(), api.requests("POST", "/console/session"));
  }
}
