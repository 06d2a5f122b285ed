package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.error.NotFoundException;
import dev.fogbank.shared.template.TemplateStore.StoredTemplate;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTemplateStoreTest {
  private static final byte[] BODY =
      "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n".getBytes(StandardCharsets.UTF_8);
  // sha256 of BODY, computed independently (sha256sum).
  private static final String BODY_SHA256 =
      "0071aa9fcc9c93295a97e97933275c4d1e5903b4be5f1dea2f444669d63eaf3c";

  @TempDir Path dataDir;

  @Test
  void put_whenNewTemplate_thenStoredUnderItsSha256AndReadBack() throws IOException {
    FileTemplateStore store = FileTemplateStore.create(dataDir);

    StoredTemplate stored = store.put(BODY);

    assertEquals(BODY_SHA256, stored.sha256());
    assertEquals("file:templates/" + BODY_SHA256, stored.location());
    Path file = dataDir.resolve("templates").resolve(BODY_SHA256 + ".template");
    assertArrayEquals(BODY, Files.readAllBytes(file));
    assertEquals(file.toAbsolutePath(), Path.of(URI.create(stored.url())));
    assertArrayEquals(BODY, store.get(stored.location()));
  }

  @Test
  void put_whenSameBytesTwice_thenSameLocationAndOneFileWithoutLeftovers() throws IOException {
    FileTemplateStore store = FileTemplateStore.create(dataDir);

    StoredTemplate first = store.put(BODY);
    StoredTemplate second = store.put(BODY.clone());

    assertEquals(first, second);
    try (Stream<Path> files = Files.list(dataDir.resolve("templates"))) {
      assertEquals(
          List.of(BODY_SHA256 + ".template"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void put_whenStoredFileWasAltered_thenRepairsIt() throws IOException {
    FileTemplateStore store = FileTemplateStore.create(dataDir);
    StoredTemplate stored = store.put(BODY);
    Path file = dataDir.resolve("templates").resolve(BODY_SHA256 + ".template");
    Files.writeString(file, "tampered");

    assertThrows(DeploymentException.class, () -> store.get(stored.location()));
    store.put(BODY);

    assertArrayEquals(BODY, store.get(stored.location()));
  }

  @Test
  void get_whenDataDirMoved_thenLocationStillResolves() throws IOException {
    StoredTemplate stored = FileTemplateStore.create(dataDir.resolve("a")).put(BODY);
    Files.move(dataDir.resolve("a"), dataDir.resolve("b"));

    byte[] body = FileTemplateStore.create(dataDir.resolve("b")).get(stored.location());

    assertArrayEquals(BODY, body);
  }

  @Test
  void get_whenUnknownSha256_thenNotFound() {
    FileTemplateStore store = FileTemplateStore.create(dataDir);

    assertThrows(NotFoundException.class, () -> store.get("file:templates/" + "0".repeat(64)));
  }

  @Test
  void get_whenLocationTraversesOrIsForeign_thenInvalidRequest() throws IOException {
    Files.writeString(dataDir.resolve("secret.template"), "secret");
    FileTemplateStore store = FileTemplateStore.create(dataDir.resolve("data"));
    store.put(BODY);

    for (String location :
        List.of(
            "file:templates/../../secret",
            "file:templates/..%2F..%2Fsecret",
            "file:/etc/passwd",
            "file:templates/" + BODY_SHA256 + "/../" + BODY_SHA256,
            "file:templates/" + BODY_SHA256.toUpperCase(),
            "s3://bucket/templates/" + BODY_SHA256,
            "",
            "file:templates/" + BODY_SHA256 + "\n")) {
      assertThrows(InvalidRequestException.class, () -> store.get(location), location);
    }
    assertThrows(InvalidRequestException.class, () -> store.get(null));
  }
}
