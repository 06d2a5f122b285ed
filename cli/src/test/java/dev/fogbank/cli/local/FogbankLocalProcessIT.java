package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.cli.client.ProfileFile;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** `fogbank local` as a process: one ready line on stdout, a clean stop on SIGINT and SIGTERM. */
@ExtendWith(AwsEndpointExtension.class)
class FogbankLocalProcessIT {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"INT", "TERM"})
  @DisplayName("fogbank local prints exactly one ready line and stops cleanly on a signal")
  void local_printsReadyLine_andStopsOnSignal(String signal, AwsEndpoint aws) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.fogbank.cli.FogbankCli",
                "local",
                "--port",
                "0",
                "--aws-endpoint",
                aws.endpoint().toString(),
                "--data-dir",
                tmp.resolve("data").toString(),
                "--drop-dir",
                tmp.resolve("drop").toString(),
                "--token",
                "process-token")
            .redirectError(tmp.resolve("stderr.log").toFile());
    // The CLI profile fogbank local writes for itself goes here, not into ~/.config.
    builder.environment().put(ProfileFile.CONFIG_VARIABLE, tmp.resolve("config.yaml").toString());
    Process p = builder.start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String first = out.readLine();
      assertTrue(
          first != null && first.matches("fogbank local ready: http://127\\.0\\.0\\.1:\\d+"),
          () -> "first line: " + first + "; stderr: " + stderr());
      URI base = URI.create(first.substring("fogbank local ready: ".length()));
      LocalRuntimeClient client = new LocalRuntimeClient(base, "process-token");
      assertEquals(200, client.getWithoutToken("/health").status());
      assertEquals(200, client.get("/stacks/any/lock").status());
      ProfileFile.Profile profile =
          ProfileFile.at(tmp.resolve("config.yaml")).profile("local").orElseThrow();
      assertEquals(base.toString(), profile.endpoint(), "the profile names the ready URL");
      assertEquals("process-token", profile.token());

      new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIG" + signal);
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
      }
    } finally {
      p.destroyForcibly();
    }
    assertEquals(List.of(), lines, "nothing but the ready line on stdout");
    assertTrue(
        Files.notExists(tmp.resolve("data").resolve("token")),
        "--token given: no token file is written");
    assertTrue(
        Files.exists(tmp.resolve("data").resolve("dynamodb").resolve("fogbank.db")),
        "the table is persisted under the data dir");
    // 128 + signal number: the JVM ran its shutdown hooks and exited on the signal itself.
    assertEquals(signal.equals("INT") ? 130 : 143, p.exitValue(), this::stderr);
  }

  private String stderr() {
    try {
      return Files.readString(tmp.resolve("stderr.log"));
    } catch (IOException e) {
      return "(no stderr)";
    }
  }
}
