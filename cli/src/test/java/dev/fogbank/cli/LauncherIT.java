package dev.fogbank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.Prerequisite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/fogbank}, the launcher people run, started as a process: it finds a JDK, puts the
 * cli jar and {@code cli/target/lib}'s jars on the class path and runs the CLI, with a
 * class-data-sharing archive per command. An integration test so that it runs after {@code
 * package} has built the cli jar and filled {@code cli/target/lib}.
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

  /** The first bytes of a dynamic CDS archive (0xf00baba8, little-endian). */
  private static final byte[] DYNAMIC_ARCHIVE_MAGIC = {(byte) 0xa8, (byte) 0xab, 0x0b, (byte) 0xf0};

  @Test
  void version_whenRunTwice_thenWritesTheArchiveOnceAndPrintsOnlyTheVersion() throws Exception {
    Path cds = dir.resolve("cds");
    Path archive = archives(cds).resolve("fogbank.jsa");

    Run first = launcher(Map.of("FOGBANK_CDS_DIR", cds.toString()), "--version");
    assertEquals(0, first.exit(), first.transcript());
    assertEquals("fogbank 0.1.0\n", first.out(), first.transcript());
    assertTrue(Files.isRegularFile(archive), "no archive written: " + first.transcript());
    assertTrue(isDynamicArchive(archive), archive + " is not a dynamic CDS archive");
    FileTime written = Files.getLastModifiedTime(archive);

    Run second = launcher(Map.of("FOGBANK_CDS_DIR", cds.toString()), "--version");
    assertEquals(0, second.exit(), second.transcript());
    assertEquals("fogbank 0.1.0\n", second.out(), second.transcript());
    assertEquals(written, Files.getLastModifiedTime(archive), "the archive was not reused");
  }

  @Test
  void version_whenArchiveIsNotAnArchive_thenReplacesItAndPrintsOnlyTheVersion() throws Exception {
    Path cds = dir.resolve("cds");
    Path archive =
        Files.writeString(Files.createDirectories(archives(cds)).resolve("fogbank.jsa"), "junk");

    Run run = launcher(Map.of("FOGBANK_CDS_DIR", cds.toString()), "--version");

    assertEquals(0, run.exit(), run.transcript());
    assertEquals("fogbank 0.1.0\n", run.out(), run.transcript());
    assertEquals("", run.err(), run.transcript());
    assertTrue(isDynamicArchive(archive), "the broken archive was not rewritten");
  }

  @Test
  void version_whenArchiveFolderCannotBeCreated_thenRunsWithoutArchive() throws Exception {
    // A folder under a regular file: mkdir fails even for root, which ignores permissions.
    Path file = Files.writeString(dir.resolve("file"), "x");

    Run run = launcher(Map.of("FOGBANK_CDS_DIR", file.resolve("cds").toString()), "--version");

    assertEquals(0, run.exit(), run.transcript());
    assertEquals("fogbank 0.1.0\n", run.out(), run.transcript());
    assertEquals("", run.err(), run.transcript());
  }

  @Test
  void commandHelp_whenNoArchiveYet_thenDoesNotWriteTheCommandsArchive() throws Exception {
    Path cds = dir.resolve("cds");

    Run run = launcher(Map.of("FOGBANK_CDS_DIR", cds.toString()), "status", "--help");

    assertEquals(0, run.exit(), run.transcript());
    assertTrue(run.out().startsWith("Usage: fogbank status"), run.transcript());
    assertTrue(Files.notExists(archives(cds).resolve("status.jsa")), "status --help wrote one");
  }

  @Test
  void version_whenArchiveIsOlderThanAJar_thenRewritesIt() throws Exception {
    Path cds = dir.resolve("cds");
    Path archive = archives(cds).resolve("fogbank.jsa");
    assertEquals(0, launcher(Map.of("FOGBANK_CDS_DIR", cds.toString()), "--version").exit());
    // As after a rebuild: the JVM itself only stops using an archive whose jars changed.
    FileTime old = FileTime.fromMillis(0);
    Files.setLastModifiedTime(archive, old);

    Run run = launcher(Map.of("FOGBANK_CDS_DIR", cds.toString()), "--version");

    assertEquals(0, run.exit(), run.transcript());
    assertEquals("fogbank 0.1.0\n", run.out(), run.transcript());
    assertTrue(Files.getLastModifiedTime(archive).compareTo(old) > 0, "the old archive was kept");
    assertTrue(isDynamicArchive(archive), archive + " is not a dynamic CDS archive");
  }

  /** Where the launcher keeps this JDK's archives under FOGBANK_CDS_DIR. */
  private static Path archives(Path cds) {
    return cds.resolve(Path.of(System.getProperty("java.home")).getFileName());
  }

  private static boolean isDynamicArchive(Path archive) throws Exception {
    byte[] head = new byte[DYNAMIC_ARCHIVE_MAGIC.length];
    try (var in = Files.newInputStream(archive)) {
      return in.readNBytes(head, 0, head.length) == head.length
          && Arrays.equals(head, DYNAMIC_ARCHIVE_MAGIC);
    }
  }

  private record Run(int exit, String out, String err) {
    String transcript() {
      return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  /** scripts/fogbank with these arguments, this JVM's JDK and extra environment. */
  private Run launcher(Map<String, String> env, String... args) throws Exception {
    Prerequisite.require(
        System.getenv(ENABLE_VARIABLE) != null,
        ENABLE_VARIABLE + " is not set (scripts/test sets it): scripts/fogbank was NOT run");
    Path script = Path.of("").toAbsolutePath().getParent().resolve("scripts/fogbank");
    String[] command = new String[args.length + 1];
    command[0] = script.toString();
    System.arraycopy(args, 0, command, 1, args.length);
    Path stdout = Files.createTempFile(dir, "out", ".txt");
    Path stderr = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    Map<String, String> environment = new HashMap<>(env);
    environment.put("FOGBANK_SKIP_BUILD", "1"); // Maven has just built cli/target
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    boolean finished = process.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    Run run = new Run(finished ? process.exitValue() : -1, Files.readString(stdout),
        Files.readString(stderr));
    assertTrue(finished, "scripts/fogbank did not finish in 120 s\n" + run.transcript());
    return run;
  }
}
