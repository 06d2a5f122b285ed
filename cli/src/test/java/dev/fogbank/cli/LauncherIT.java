package dev.fogbank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.Prerequisite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/fogbank}, the launcher people run, started as a process: it finds a JDK, puts
 * {@code cli/target/classes} and {@code cli/target/lib} on the class path and runs the CLI. An
 * integration test so that it runs after {@code package} has filled {@code cli/target/lib}.
 */
class LauncherIT {
  /** scripts/test sets it; the launcher needs the packaged CLI and a shell. */
  static final String ENABLE_VARIABLE = "FOGBANK_TEST_LAUNCHER";

  @TempDir Path dir;

  @Test
  void statesRun_whenChoiceTakesTheBigBranch_thenPrintsItsOutputAndExits0() throws Exception {
    Prerequisite.require(
        System.getenv(ENABLE_VARIABLE) != null,
        ENABLE_VARIABLE + " is not set (scripts/test sets it): scripts/fogbank was NOT run");
    Path script = Path.of("").toAbsolutePath().getParent().resolve("scripts/fogbank");
    assertTrue(Files.isExecutable(script), script + " is missing or not executable");
    Path definition =
        Files.writeString(dir.resolve("choice.asl.json"), StatesCommandTest.PASS_AND_CHOICE);
    Path stderr = dir.resolve("stderr.txt");
    ProcessBuilder builder =
        new ProcessBuilder(
                script.toString(),
                "states",
                "run",
                definition.toString(),
                "--input",
                "{\"count\": 11}")
            .redirectError(stderr.toFile());
    // Maven has just built cli/target: the launcher's own build step would run Maven inside
    // Maven and install into ~/.m2.
    builder.environment().put("FOGBANK_SKIP_BUILD", "1");

    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean finished = process.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String transcript = "stdout:\n" + out + "\nstderr:\n" + Files.readString(stderr);

    assertTrue(finished, "scripts/fogbank did not finish in 120 s\n" + transcript);
    assertEquals(0, process.exitValue(), transcript);
    JsonNode output = Json.mapper().readTree(out.strip().lines().reduce((a, b) -> b).orElse(""));
    assertEquals(Json.mapper().readTree("{\"count\": 11, \"size\": \"big\"}"), output, transcript);
  }
}
