package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.fail;

import dev.fogbank.cli.client.ProfileFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * `fogbank local` in a child JVM on a given data dir, for crash tests: started (optionally with
 * the {@link TestPause} hook), waited for until it pauses, and killed with SIGKILL, as a host
 * crash or the OOM killer would.
 */
final class LocalRuntimeProcess implements AutoCloseable {
  static final String TOKEN = "crash-token";

  private final Process process;
  private final Path stderr;
  final LocalRuntimeClient client;

  private LocalRuntimeProcess(Process process, Path stderr, URI base) {
    this.process = process;
    this.stderr = stderr;
    this.client = new LocalRuntimeClient(base, TOKEN);
  }

  /**
   * Starts the runtime and waits for its ready line; {@code pauseAt} null runs it without the
   * hook. {@code extra} are more `fogbank local` options.
   */
  static LocalRuntimeProcess start(
      Path work, URI awsEndpoint, String region, String pauseAt, List<String> extra)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-XX:TieredStopAtLevel=1");
    if (pauseAt != null) {
      command.add("-D" + TestPause.PROPERTY + "=" + pauseAt);
    }
    command.addAll(
        List.of(
            "-cp", System.getProperty("java.class.path"),
            "dev.fogbank.cli.FogbankCli", "local",
            "--port", "0",
            "--aws-endpoint", awsEndpoint.toString(),
            "--region", region,
            "--data-dir", work.resolve("data").toString(),
            "--drop-dir", work.resolve("drop").toString(),
            "--token", TOKEN,
            "--no-profile"));
    command.addAll(extra);
    Path stderr = Files.createTempFile(work, "runtime-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
    builder.environment().put(ProfileFile.CONFIG_VARIABLE, work.resolve("config.yaml").toString());
    Process p = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    if (first == null || !first.startsWith("fogbank local ready: ")) {
      p.destroyForcibly();
      fail("no ready line (" + first + "); stderr: " + Files.readString(stderr));
    }
    return new LocalRuntimeProcess(
        p, stderr, URI.create(first.substring("fogbank local ready: ".length()).trim()));
  }

  /** Waits until the runtime stopped at its pause point. */
  void awaitPause(String point, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (stderr().contains(TestPause.MARKER + point)) {
        return;
      }
      LocalRuntimeClient.sleep(20);
    }
    fail("the runtime did not pause at " + point + "; stderr: " + stderr());
  }

  /** SIGKILL: no shutdown hook, no flush, nothing after. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      fail("the runtime survived SIGKILL for 30 s");
    }
  }

  String stderr() throws IOException {
    return Files.readString(stderr);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
