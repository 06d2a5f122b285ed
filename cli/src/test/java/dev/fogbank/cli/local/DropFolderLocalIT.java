package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.infrastructure.ControlPlaneNames;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop folder as a hostile user or a careless script leaves it: a multi-GiB sparse file, a
 * folder name with a newline, symbolic links out of the folder, dangling links and FIFOs. None
 * stops the watcher, none is uploaded, each is recorded or logged once with its reason.
 */
@ExtendWith(AwsEndpointExtension.class)
class DropFolderLocalIT {
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  AwsEndpoint aws;
  LocalControlPlane plane;
  LocalRuntimeClient client;
  Path dropDir;
  PrintStream originalErr;
  ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start(AwsEndpoint endpoint) throws IOException {
    aws = endpoint;
    dropDir = tmp.resolve("drop");
    originalErr = System.err;
    System.setErr(new PrintStream(new TeeStream(err, originalErr), true, StandardCharsets.UTF_8));
    plane =
        new LocalControlPlane(
            new LocalConfig(
                0, dropDir, tmp.resolve("data"), endpoint.endpoint().toString(), aws.region(),
                null, "drop-token", "123456789012",
                DeploymentOptions.defaults().withPolls(1, 1), 25, 1_000));
    URI url = plane.start();
    client = new LocalRuntimeClient(url, "drop-token");
  }

  @AfterEach
  void stop() {
    if (plane != null) {
      plane.close();
    }
    System.setErr(originalErr);
  }

  @Test
  @DisplayName("a 3 GiB sparse template is refused TEMPLATE_TOO_LARGE without being read; the"
      + " watcher goes on and /health stays ok")
  void sparseMultiGibFile_refusedUnreadAndWatcherLives() throws IOException {
    Path file = Files.createDirectories(dropDir.resolve("stacks/sparse")).resolve("template.yaml");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(3L * 1024 * 1024 * 1024);
    }

    JsonNode refused = latest("sparse");
    assertEquals("FAILED", refused.path("status").asText(), refused::toString);
    assertEquals("TEMPLATE_TOO_LARGE", refused.path("error").path("code").asText());
    assertTrue(refused.path("error").path("message").asText().contains("not read"));
    assertEquals(200, client.getWithoutToken("/health").status());
    assertNextDropDeploys("after-sparse");
  }

  @Test
  @DisplayName("a folder name with a newline is recorded once as INVALID_STACK_NAME with the"
      + " reason; later scans neither retry nor record it again")
  void folderNameWithNewline_recordedOnceAsRejected() throws IOException {
    Path dir = Files.createDirectories(dropDir.resolve("stacks").resolve("bad\nname"));
    Files.writeString(dir.resolve("template.yaml"), LocalControlPlaneIT.BUCKET_TEMPLATE);

    JsonNode refused = latest("bad?name");
    assertEquals("INVALID_STACK_NAME", refused.path("error").path("code").asText(), refused::toString);
    assertTrue(
        refused.path("error").path("message").asText().contains("control character"),
        refused::toString);
    LocalRuntimeClient.sleep(500); // 20 scans
    assertEquals(1, client.get("/stacks/bad%3Fname/deployments").body().path("items").size());
    assertNextDropDeploys("after-newline");
  }

  @Test
  @DisplayName("a symbolic link out of the drop folder is refused and never uploaded, with a log"
      + " line; FIFOs and dangling links are skipped with a log line")
  void linksAndFifos_skippedWithALogLineAndNeverUploaded() throws Exception {
    Path secret = Files.writeString(tmp.resolve("secret.yaml"), "Resources: {} # secret\n");
    Path leak = Files.createDirectories(dropDir.resolve("stacks/leak"));
    Files.createSymbolicLink(leak.resolve("template.yaml"), secret);
    Path dangling = Files.createDirectories(dropDir.resolve("stacks/dangling"));
    Files.createSymbolicLink(dangling.resolve("template.yaml"), tmp.resolve("gone.yaml"));
    Path fifo = Files.createDirectories(dropDir.resolve("stacks/fifo")).resolve("template.yaml");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");

    assertNextDropDeploys("after-links");
    String log = err.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("stacks/leak/template.yaml") && log.contains("outside the drop folder"),
        log);
    assertTrue(log.contains("stacks/dangling/template.yaml") && log.contains("dangling"), log);
    assertTrue(log.contains("stacks/fifo/template.yaml") && log.contains("FIFO"), log);
    assertEquals(1, count(log, "outside the drop folder"), "logged once, not on every scan");
    try (AwsClientFactory clients = aws.clients()) {
      assertEquals(
          0,
          clients.s3().listObjectVersions(
                  r -> r.bucket(ControlPlaneNames.LOCAL_DROP_BUCKET).prefix("stacks/leak/"))
              .versions().size(),
          "the linked file was not uploaded");
    }
    assertEquals(0, client.get("/stacks/leak/deployments").body().path("items").size());
  }

  private void assertNextDropDeploys(String stack) throws IOException {
    Path dir = Files.createDirectories(dropDir.resolve("stacks").resolve(stack));
    Files.writeString(dir.resolve("template.yaml"), LocalControlPlaneIT.BUCKET_TEMPLATE);
    JsonNode record = latest(stack);
    assertEquals("SUCCEEDED", record.path("status").asText(), record::toString);
  }

  private JsonNode latest(String stack) {
    String path = stack.replace("?", "%3F");
    JsonNode history = client.awaitHistory(path, 1, WAIT);
    String id = history.path("items").get(0).path("deploymentId").asText();
    return client.awaitStatus(id, LocalControlPlaneIT.ENDED, WAIT);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /** Keeps what the runtime logs for the assertions and still shows it. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
