package dev.fogbank.cli.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.functions.drop.DropHandler;
import dev.fogbank.shared.drop.DropIntake;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.StructuredLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The local stand-in for "upload to the drop bucket": watches the drop folder, and once a file is
 * completely written (same size and modification time on two consecutive scans, and not modified
 * for {@link #SETTLE_MILLIS}) uploads it to the
 * emulator's drop bucket and hands the S3 ObjectCreated event to the same DropHandler Lambda runs,
 * one event per file as S3 sends them: what a template and a manifest uploaded together deploy is
 * decided by the handler's {@link DropIntake}, as in AWS. What it has uploaded is remembered under
 * the data dir, so a restart does not redeploy.
 */
final class DropWatcher implements AutoCloseable {
  /** A file untouched this long, and unchanged between two scans, is taken as complete. */
  static final long SETTLE_MILLIS = 50;

  private final Path dropDir;
  private final Path stateFile;
  private final S3Client s3;
  private final String bucket;
  private final String region;
  private final DropHandler handler;
  private final long pollMillis;
  private final Map<String, String> seen = new HashMap<>();
  private final Map<String, String> uploaded = new ConcurrentHashMap<>();
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean running = true;
  private Thread thread;

  DropWatcher(
      Path dropDir,
      Path dataDir,
      S3Client s3,
      String bucket,
      String region,
      DropHandler handler,
      long pollMillis) {
    this.dropDir = dropDir;
    this.stateFile = dataDir.resolve("drop-state.json");
    this.s3 = s3;
    this.bucket = bucket;
    this.region = region;
    this.handler = handler;
    this.pollMillis = pollMillis;
  }

  void start() throws IOException {
    Files.createDirectories(dropDir.resolve("stacks"));
    if (Files.exists(stateFile)) {
      uploaded.putAll(
          Json.mapper().readValue(stateFile.toFile(), new TypeReference<Map<String, String>>() {}));
    }
    thread = Thread.ofPlatform().daemon().name("fogbank-drop-watcher").start(this::loop);
  }

  private void loop() {
    while (running) {
      try {
        scanOnce();
      } catch (RuntimeException | IOException e) {
        StructuredLog.error("drop_scan_failed", Map.of("type", e.getClass().getName(),
            "message", String.valueOf(e.getMessage())));
      }
      try {
        Thread.sleep(pollMillis);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One pass: uploads every file that is complete and not uploaded in this version yet. */
  void scanOnce() throws IOException {
    List<Path> ready = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dropDir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!Files.isRegularFile(file) || isScratch(file)) {
          continue;
        }
        String key = key(file);
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        String signature = attrs.size() + ":" + attrs.lastModifiedTime().toMillis();
        String before = seen.put(key, signature);
        boolean settled =
            System.currentTimeMillis() - attrs.lastModifiedTime().toMillis() >= SETTLE_MILLIS;
        if (signature.equals(before) && settled && !signature.equals(uploaded.get(key))) {
          ready.add(file);
        }
      }
    }
    for (Path file : ready) {
      String key = key(file);
      JsonNode event = upload(file, key);
      uploaded.put(key, seen.get(key));
      handlers.execute(() -> handle(key, event));
    }
    if (!ready.isEmpty()) {
      saveState();
    }
  }

  private JsonNode upload(Path file, String key) throws IOException {
    byte[] body = Files.readAllBytes(file);
    PutObjectResponse put =
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
    return event(key, body.length, put);
  }

  /**
   * Like S3 invoking Lambda: each event on its own, while the scans go on, so that files written
   * a moment apart are uploaded while the first one's event waits for its folder to settle.
   */
  private void handle(String key, JsonNode event) {
    try {
      handler.handle(event);
    } catch (RuntimeException e) {
      // A transient failure (the handler throws only those): S3 would retry the invocation; here
      // the next scan uploads the file again.
      uploaded.remove(key);
      StructuredLog.error(
          "drop_event_failed",
          Map.of("key", key, "type", e.getClass().getName(), "message",
              String.valueOf(e.getMessage())));
    }
  }

  /** An S3 event notification (event version 2.1) as S3 sends it for this upload. */
  private JsonNode event(String key, long size, PutObjectResponse put) {
    ObjectNode object = Json.mapper().createObjectNode();
    object.put("key", urlEncode(key));
    object.put("size", size);
    object.put("eTag", put.eTag());
    if (put.versionId() != null) {
      object.put("versionId", put.versionId());
    }
    object.put("sequencer", String.format("%016X", System.nanoTime()));
    ObjectNode record = Json.mapper().createObjectNode();
    record.put("eventVersion", "2.1");
    record.put("eventSource", "aws:s3");
    record.put("awsRegion", region);
    record.put("eventTime", Instant.now().toString());
    record.put("eventName", "ObjectCreated:Put");
    record.putObject("userIdentity").put("principalId", "local");
    record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
    ObjectNode s3 = record.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.put("configurationId", "fogbank-drop");
    s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
    s3.set("object", object);
    ObjectNode event = Json.mapper().createObjectNode();
    event.putArray("Records").add(record);
    return event;
  }


  private String key(Path file) {
    return dropDir.relativize(file).toString().replace('\\', '/');
  }

  /** Editor and partial-write leftovers are not uploads: dotfiles, *~, *.swp, *.tmp. */
  private static boolean isScratch(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(".") || name.endsWith("~") || name.endsWith(".swp")
        || name.endsWith(".tmp");
  }

  /** S3 events carry URL-encoded keys (space as '+'). */
  private static String urlEncode(String key) {
    return java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8)
        .replace("%2F", "/");
  }

  private void saveState() throws IOException {
    Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
    Json.mapper().writeValue(tmp.toFile(), Map.copyOf(uploaded));
    Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Events still settling get their chance to start their deployment before the engine stops.
    handlers.shutdown();
    try {
      handlers.awaitTermination(DropIntake.SETTLE.toMillis() + 2_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
