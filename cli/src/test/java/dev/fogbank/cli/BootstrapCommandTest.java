package dev.fogbank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.cli.SynthCommandTest.Run;
import dev.fogbank.infrastructure.bootstrap.ControlPlane;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fogbank bootstrap}: options and errors. Every case here fails before any AWS call (the
 * endpoint is a closed port), each with one line naming what is wrong.
 */
class BootstrapCommandTest {

  private static final String NOWHERE = "http://127.0.0.1:9";

  @TempDir Path dir;

  @Test
  void bootstrap_whenRegionInvalid_thenNamesIt() {
    Run run = bootstrap("--region", "mars-1", "--aws-endpoint", NOWHERE);

    assertOneLineError(
        run,
        "fogbank bootstrap: invalid region 'mars-1': expected a name such as"
            + " us-east-1 or eu-central-1");
  }

  @Test
  void bootstrap_whenRegionFromEnvironment_thenUsedAndChecked() {
    Run run =
        run(
            Map.of("AWS_REGION", "nowhere"),
            "--aws-endpoint",
            NOWHERE,
            "--functions-dir",
            dir.toString());

    assertOneLineError(
        run,
        "fogbank bootstrap: invalid region 'nowhere': expected a name such as"
            + " us-east-1 or eu-central-1");
  }

  @Test
  void bootstrap_whenEndpointNotAUrl_thenNamesIt() {
    Run run = bootstrap("--aws-endpoint", "localhost:5000");

    assertOneLineError(
        run,
        "fogbank bootstrap: --aws-endpoint 'localhost:5000' is not an http(s)"
            + " URL such as http://127.0.0.1:5000");
  }

  @Test
  void bootstrap_whenForceWithoutViaControlPlane_thenRefused() {
    Run run = bootstrap("--force", "--aws-endpoint", NOWHERE);

    assertOneLineError(run, "fogbank bootstrap: --force applies only with --via-control-plane");
  }

  @Test
  void bootstrap_whenStackNameInvalid_thenNamesTheRule() {
    Run run =
        bootstrap(
            "--stack-name",
            "no_underscores",
            "--aws-endpoint",
            NOWHERE,
            "--functions-dir",
            dir.toString());

    assertEquals(1, run.exit());
    assertTrue(
        run.err().startsWith("fogbank bootstrap: invalid stack name 'no_underscores'"), run.err());
  }

  @Test
  void bootstrap_whenFunctionsFolderHasNoJars_thenNamesTheJarAndTheBuildCommand() {
    Run run = bootstrap("--aws-endpoint", NOWHERE, "--functions-dir", dir.toString());

    assertEquals(1, run.exit());
    assertTrue(
        run.err()
            .startsWith("fogbank bootstrap: function artifact 'api' not found: expected " + dir),
        run.err());
    assertTrue(run.err().contains("mvn -pl functions -am package -DskipTests"), run.err());
    assertFalse(run.err().contains("\tat "), "no stack trace");
  }

  @Test
  void bootstrap_whenTimeoutUnreadable_thenSaysTheFormat() {
    Run run = bootstrap("--timeout", "soon", "--aws-endpoint", NOWHERE);

    assertOneLineError(
        run,
        "fogbank bootstrap: --timeout 'soon': use seconds, or a number with s,"
            + " m or h (e.g. 30m)");
  }

  @Test
  void parseTimeout_acceptsSecondsUnitsAndIso() {
    assertEquals(Duration.ofSeconds(90), BootstrapCommand.parseTimeout("90"));
    assertEquals(Duration.ofMinutes(15), BootstrapCommand.parseTimeout("15m"));
    assertEquals(Duration.ofHours(1), BootstrapCommand.parseTimeout("1h"));
    assertEquals(Duration.ofMinutes(5), BootstrapCommand.parseTimeout("PT5M"));
    assertThrows(IllegalArgumentException.class, () -> BootstrapCommand.parseTimeout("0"));
  }

  @Test
  void resolveFunctionsDir_whenRunFromTheCheckout_thenItsFunctionsTarget() {
    BootstrapCommand command = new BootstrapCommand(ControlPlane::fogbank, Map.of());

    Path resolved = command.resolveFunctionsDir();

    assertTrue(resolved.endsWith(Path.of("functions", "target")), resolved.toString());
  }

  @Test
  void resolveFunctionsDir_whenVariableSet_thenIt() {
    BootstrapCommand command =
        new BootstrapCommand(
            ControlPlane::fogbank, Map.of(BootstrapCommand.FUNCTIONS_DIR_VARIABLE, dir.toString()));

    assertEquals(dir.toAbsolutePath(), command.resolveFunctionsDir());
  }

  @Test
  void help_listsEveryOption() {
    Run run = SynthCommandTest.run(new FogbankCli(), "bootstrap", "--help");

    assertEquals(0, run.exit());
    for (String option :
        new String[] {
          "--region",
          "--aws-endpoint",
          "--stack-name",
          "--functions-dir",
          "--via-control-plane",
          "--force",
          "--timeout",
          "--parameter"
        }) {
      assertTrue(run.out().contains(option), option);
    }
  }

  private Run bootstrap(String... args) {
    return run(Map.of(), args);
  }

  private static Run run(Map<String, String> environment, String... args) {
    return SynthCommandTest.run(new BootstrapCommand(ControlPlane::fogbank, environment), args);
  }

  private static void assertOneLineError(Run run, String expected) {
    assertEquals(1, run.exit(), run.err());
    assertEquals(expected + System.lineSeparator(), run.err());
    assertEquals("", run.out());
  }
}
