package dev.fogbank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code FogbankCli.main} builds only the part of the command tree its arguments reach (start-up:
 * picocli builds every subcommand's model it is given); what it prints must not change.
 */
class FogbankCliStartTest {
  private static final Map<String, String> ENV = Map.of();

  @Test
  void commandLine_whenFirstArgumentNamesACommand_thenBuildsOnlyThatCommand() {
    CommandLine cli = FogbankCli.commandLine(ENV, new String[] {"status", "d-1"});

    assertEquals(Set.of("status"), cli.getSubcommands().keySet());
    assertEquals("fogbank", cli.getCommandName());
  }

  @Test
  void commandLine_whenOnlyVersion_thenBuildsNoCommandAndPrintsTheSameVersion() {
    CommandLine lazy = FogbankCli.commandLine(ENV, new String[] {"--version"});

    assertTrue(lazy.getSubcommands().isEmpty(), lazy.getSubcommands().keySet()::toString);
    assertEquals(run(FogbankCli.commandLine(ENV), "--version"), run(lazy, "--version"));
    assertEquals(run(FogbankCli.commandLine(ENV), "-V"),
        run(FogbankCli.commandLine(ENV, new String[] {"-V"}), "-V"));
  }

  @Test
  void main_whenOnlyVersion_thenPrintsWithoutPicocliWhatPicocliPrints() {
    // main answers --version and -V alone by printing VERSION (System.out.println), before
    // picocli is loaded: that must be picocli's own answer, byte for byte.
    for (String flag : new String[] {"--version", "-V"}) {
      assertTrue(FogbankCli.isVersionOnly(new String[] {flag}), flag);
      assertEquals(
          "exit 0\nstdout:\n" + FogbankCli.VERSION + System.lineSeparator() + "\nstderr:\n",
          run(FogbankCli.commandLine(ENV), flag),
          flag);
    }
    assertFalse(FogbankCli.isVersionOnly(new String[] {"--version", "status"}));
    assertFalse(FogbankCli.isVersionOnly(new String[] {"status", "--version"}));
    assertFalse(FogbankCli.isVersionOnly(new String[] {}));
  }

  @ParameterizedTest
  @MethodSource("wholeTreeArguments")
  void commandLine_whenHelpNothingMistypedOrCompletion_thenBuildsEveryCommand(String[] args) {
    int every = FogbankCli.commandLine(ENV).getSubcommands().size();

    assertEquals(every, FogbankCli.commandLine(ENV, args).getSubcommands().size());
  }

  static Object[][] wholeTreeArguments() {
    return new Object[][] {
      {new String[] {}},
      {new String[] {"--help"}},
      {new String[] {"stauts", "d-1"}},
      {new String[] {"completion", "bash"}},
      {new String[] {"--version", "status"}}
    };
  }

  @Test
  void commandLine_whenEachCommandsHelp_thenPrintsWhatTheWholeTreePrints() {
    for (String name : FogbankCli.commandLine(ENV).getSubcommands().keySet()) {
      String[] args = {name, "--help"};
      assertEquals(
          run(FogbankCli.commandLine(ENV), args),
          run(FogbankCli.commandLine(ENV, args), args),
          "fogbank " + name + " --help");
    }
  }

  @Test
  void commandLine_whenCommandIsMisused_thenSameErrorAndExitCodeAsTheWholeTree() {
    String[] args = {"status", "--no-such-option"};

    assertEquals(run(FogbankCli.commandLine(ENV), args),
        run(FogbankCli.commandLine(ENV, args), args));
  }

  @Test
  void fastPathCommand_whenEachCommandOfTheTree_thenThatCommandsClassElseNull() {
    CommandLine whole = FogbankCli.commandLine(ENV);
    for (var entry : whole.getSubcommands().entrySet()) {
      Class<?> expected = entry.getKey().equals("completion")
          ? null
          : entry.getValue().getCommandSpec().userObject().getClass();
      assertEquals(expected, FogbankCli.fastPathCommand(new String[] {entry.getKey(), "x"}),
          entry.getKey());
    }
    assertNull(FogbankCli.fastPathCommand(new String[] {}));
    assertNull(FogbankCli.fastPathCommand(new String[] {"stauts", "d-1"}));
    assertNull(FogbankCli.fastPathCommand(new String[] {"--help"}));
    assertNull(FogbankCli.fastPathCommand(new String[] {"--version", "status"}));
  }

  @Test
  void drivesApi_whenEachCommandOfTheTree_thenTrueExactlyWhenItOrASubcommandMixesInApiOptions() {
    CommandLine whole = FogbankCli.commandLine(ENV);
    int driving = 0;
    for (var entry : whole.getSubcommands().entrySet()) {
      boolean expected = mixesInApiOptions(entry.getValue());
      driving += expected ? 1 : 0;
      assertEquals(expected,
          FogbankCli.drivesApi(entry.getValue().getCommandSpec().userObject().getClass()),
          entry.getKey());
    }
    // Both answers occur: status, lock (through its subcommands) do; synth, local do not.
    assertTrue(FogbankCli.drivesApi(StatusCommand.class));
    assertTrue(FogbankCli.drivesApi(LockCommand.class));
    assertFalse(FogbankCli.drivesApi(SynthCommand.class));
    assertFalse(FogbankCli.drivesApi(LocalCommand.class));
    assertTrue(driving > 0 && driving < whole.getSubcommands().size(), "" + driving);
  }

  @Test
  void commandLine_whenMistypedCommand_thenDidYouMeanAsBefore() {
    String[] args = {"stauts", "d-1"};

    String answer = run(FogbankCli.commandLine(ENV, args), args);

    assertEquals(run(FogbankCli.commandLine(ENV), args), answer);
    assertTrue(answer.contains("Did you mean: fogbank status"), answer);
  }

  private static boolean mixesInApiOptions(CommandLine command) {
    return command.getCommandSpec().mixins().values().stream()
            .anyMatch(m -> m.userObject() instanceof ApiOptions)
        || command.getSubcommands().values().stream()
            .anyMatch(FogbankCliStartTest::mixesInApiOptions);
  }

  /** Exit code, stdout and stderr of one run. */
  private static String run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
  }
}
