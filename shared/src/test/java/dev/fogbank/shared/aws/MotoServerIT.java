package dev.fogbank.shared.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.emulator.MotoServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MotoServerIT {

  @TempDir Path dir;

  @Test
  void start_whenMotoInstalled_thenAnswersOnLoopbackAndStopsOnClose() throws Exception {
    assertTrue(
        MotoServer.isAvailable(),
        "moto_server not found: pip install 'moto[server]' or set FOGBANK_MOTO_SERVER");
    MotoServer server = MotoServer.start(dir.resolve("moto.log"));
    try (AwsClientFactory clients =
        AwsClientFactory.create(AwsSettings.of("eu-west-1", server.endpoint()))) {
      assertEquals("127.0.0.1", server.endpoint().getHost());
      clients.sns().createTopic(r -> r.name("before-reset"));
      assertEquals(1, clients.sns().listTopics().topics().size());

      server.reset();

      assertEquals(0, clients.sns().listTopics().topics().size(), "reset forgets everything");
    } finally {
      server.close();
    }
    assertFalse(server.isRunning());
    assertThrows(IOException.class, () -> get(server.endpoint().resolve("/moto-api/").toString()));
  }

  @Test
  void start_whenCommandExitsAtOnce_thenErrorNamesCommandAndOutput() throws Exception {
    Path fake = dir.resolve("moto_server");
    Files.writeString(fake, "#!/bin/sh\necho 'no module named moto' >&2\nexit 3\n");
    assertTrue(fake.toFile().setExecutable(true));

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> MotoServer.start(fake, dir.resolve("moto.log")));

    assertTrue(e.getMessage().contains(fake.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
    assertTrue(e.getMessage().contains("no module named moto"), e.getMessage());
  }

  private static int get(String uri) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    return http.send(
            HttpRequest.newBuilder(java.net.URI.create(uri)).GET().build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
