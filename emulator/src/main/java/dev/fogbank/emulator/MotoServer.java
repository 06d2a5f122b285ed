package dev.fogbank.emulator;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code moto_server} child process on a free 127.0.0.1 port: the default AWS endpoint for
 * integration tests and for {@code fogbank local}. The command is {@code $FOGBANK_MOTO_SERVER} if
 * set, else {@code moto_server} from PATH ({@code pip install 'moto[server]'}).
 *
 * <p>What moto 5.2 does not do is listed in DESIGN.md ("Running outside AWS").
 */
public final class MotoServer implements AutoCloseable {

  public static final String COMMAND_VARIABLE = "FOGBANK_MOTO_SERVER";
  static final String DEFAULT_COMMAND = "moto_server";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  // A port picked free can be taken before moto binds it; a fresh port usually fixes that.
  private static final int START_TRIES = 3;

  private final Process process;
  private final URI endpoint;
  private final Path logFile;
  private final HttpClient http;

  private MotoServer(Process process, URI endpoint, Path logFile, HttpClient http) {
    this.process = process;
    this.endpoint = endpoint;
    this.logFile = logFile;
    this.http = http;
  }

  /** Starts moto_server, its output going to a temporary log file. */
  public static MotoServer start() {
    try {
      Path log = Files.createTempFile("fogbank-moto-", ".log");
      log.toFile().deleteOnExit();
      return start(log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a log file for moto_server", e);
    }
  }

  /** Starts moto_server, appending its output to {@code logFile}. */
  public static MotoServer start(Path logFile) {
    Path command =
        resolveCommand()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "moto_server not found: install it with \"pip install 'moto[server]'\""
                            + " or set "
                            + COMMAND_VARIABLE
                            + " to its path"));
    return start(command, logFile);
  }

  /** Starts {@code command} (a moto_server executable), appending output to {@code logFile}. */
  public static MotoServer start(Path command, Path logFile) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= START_TRIES; attempt++) {
      int port = freePort();
      List<String> argv =
          List.of(command.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port));
      Process process;
      try {
        process =
            new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot run '" + String.join(" ", argv) + "': " + e.getMessage(), e);
      }
      MotoServer server =
          new MotoServer(process, URI.create("http://127.0.0.1:" + port), logFile, http);
      try {
        server.awaitReady(argv);
        return server;
      } catch (IllegalStateException e) {
        boolean exited = !process.isAlive();
        server.close();
        last = e;
        if (!exited) {
          break; // hung rather than lost the port race: another try would only wait as long
        }
      }
    }
    throw last;
  }

  /** Whether a moto_server executable can be found (it may still fail to start). */
  public static boolean isAvailable() {
    return resolveCommand().isPresent();
  }

  /** The executable that {@link #start()} would run, if any. */
  public static Optional<Path> resolveCommand() {
    String configured = System.getenv(COMMAND_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    String searchPath = System.getenv("PATH");
    if (searchPath == null) {
      return Optional.empty();
    }
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, DEFAULT_COMMAND);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** http://127.0.0.1:PORT — use as the endpoint override of every SDK client. */
  public URI endpoint() {
    return endpoint;
  }

  public Path logFile() {
    return logFile;
  }

  /** Forgets every resource in every service and region (moto's own reset API). */
  public void reset() {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "moto_server at " + endpoint + " refused reset: HTTP " + response.statusCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("moto_server at " + endpoint + " did not answer reset", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while resetting moto_server", e);
    }
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops the process: politely first, then forcibly. Safe to call more than once. */
  @Override
  public void close() {
    // moto_server may be a launcher script (pyenv shim, venv wrapper) around the Python
    // process; stop its children too so no server outlives us holding the port.
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private void awaitReady(List<String> argv) {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    HttpRequest probe =
        HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
            .timeout(Duration.ofSeconds(1))
            .GET()
            .build();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "'"
                + String.join(" ", argv)
                + "' exited with status "
                + process.exitValue()
                + " before answering"
                + logTail());
      }
      try {
        HttpResponse<Void> response = http.send(probe, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet: keep polling until the deadline.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for moto_server", e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "'"
                + String.join(" ", argv)
                + "' did not answer on "
                + endpoint
                + " within "
                + STARTUP_TIMEOUT.toSeconds()
                + " s"
                + logTail());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for moto_server", e);
      }
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      if (lines.isEmpty()) {
        return " (no output; log " + logFile + ")";
      }
      List<String> tail = lines.subList(Math.max(0, lines.size() - 10), lines.size());
      return "; last output (" + logFile + "):\n  " + String.join("\n  ", tail);
    } catch (IOException | UncheckedIOException e) {
      return " (log " + logFile + " unreadable)";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
