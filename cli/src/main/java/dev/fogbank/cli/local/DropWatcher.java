package dev.fogbank.cli.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.functions.drop.DropHandler;
import dev.fogbank.shared.drop.DropIntake;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.template.TemplateLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
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

  /** The most a drop file may hold: CloudFormation's template limit, for deployment.yaml too. */
  static final long MAX_FILE_BYTES = TemplateLimits.MAX_TEMPLATE_BYTES;

  private final Path dropDir;
  private final Path stateFile;
  private final Path eventsFile;
  private final BiConsumer<String, DeploymentException> rejections;
  private final S3Client s3;
  private final String bucket;
  private final String region;
  private final DropHandler handler;
  private final long pollMillis;
  private final Map<String, String> seen = new HashMap<>();
  private final Map<String, String> uploaded = new ConcurrentHashMap<>();
  /** Events uploaded but not handled yet: sent again after a restart (same versions, same id). */
  private final Map<String, JsonNode> pending = new ConcurrentHashMap<>();
  /** What was skipped and said so, so that a scan every 25 ms logs it once, not forever. */
  private final Set<String> told = ConcurrentHashMap.newKeySet();
  private Path dropRoot;
  private volatile Throwable died;
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
      BiConsumer<String, DeploymentException> rejections,
      long pollMillis) {
    this.dropDir = dropDir;
    this.stateFile = dataDir.resolve("drop-state.json");
    this.eventsFile = dataDir.resolve("drop-events.json");
    this.rejections = rejections;
    this.s3 = s3;
    this.bucket = bucket;
    this.region = region;
    this.handler = handler;
    this.pollMillis = pollMillis;
  }

  void start() throws IOException {
    Files.createDirectories(dropDir.resolve("stacks"));
    dropRoot = dropDir.toRealPath();
    Files.deleteIfExists(temp(stateFile));
    Files.deleteIfExists(temp(eventsFile));
    if (Files.exists(stateFile)) {
      uploaded.putAll(
          Json.mapper().readValue(stateFile.toFile(), new TypeReference<Map<String, String>>() {}));
    }
    if (Files.exists(eventsFile)) {
      pending.putAll(
          Json.mapper()
              .readValue(eventsFile.toFile(), new TypeReference<Map<String, JsonNode>>() {}));
    }
    pending.forEach((key, event) -> handlers.execute(() -> handle(key, event)));
    thread = Thread.ofPlatform().daemon().name("fogbank-drop-watcher").start(this::loop);
  }

  /** Null while the watcher runs; what stopped it otherwise (for /health). */
  String problem() {
    if (died != null) {
      return "the drop watcher stopped: " + died.getClass().getName();
    }
    if (running && thread != null && !thread.isAlive()) {
      return "the drop watcher stopped";
    }
    return null;
  }

  private void loop() {
    try {
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
    } catch (Error e) {
      died = e;
      StructuredLog.error("drop_watcher_died", Map.of("type", e.getClass().getName()));
      throw e;
    }
  }

  /**
   * One pass: uploads every file that is complete and not uploaded in this version yet. Each file
   * is done (uploaded, its state and event saved) before the next: a runtime killed between two
   * files neither loses the first nor deploys it twice.
   */
  void scanOnce() throws IOException {
    List<Path> ready = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dropDir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.equals(dropDir) || isScratch(file)) {
          continue;
        }
        BasicFileAttributes attrs =
            Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isDirectory()) {
          continue;
        }
        String key = key(file);
        String refusal = refusal(file, attrs);
        if (refusal != null) {
          tellOnce("drop_file_skipped", key, refusal);
          continue;
        }
        if (attrs.isSymbolicLink()) {
          attrs = Files.readAttributes(file, BasicFileAttributes.class);
        }
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
      try {
        take(file, key, seen.get(key));
      } catch (RuntimeException | IOException e) {
        // This file only: the others of the scan go on; the next scan tries it again.
        StructuredLog.error(
            "drop_upload_failed",
            Map.of("key", printable(key), "type", e.getClass().getName(),
                "message", String.valueOf(e.getMessage())));
      }
      TestPause.at("drop:uploaded");
    }
  }

  /** Why a path in the drop folder is not uploaded, or null to upload it. */
  private String refusal(Path file, BasicFileAttributes attrs) throws IOException {
    if (attrs.isSymbolicLink()) {
      Path real;
      try {
        real = file.toRealPath();
      } catch (NoSuchFileException e) {
        return "a symbolic link to nothing (dangling): skipped";
      }
      if (!real.startsWith(dropRoot)) {
        return "a symbolic link that leads outside the drop folder (to " + real
            + "): refused, never uploaded";
      }
      return Files.isRegularFile(real) ? null : "a link to something that is not a file: skipped";
    }
    if (!attrs.isRegularFile()) {
      return "not a regular file (a FIFO, socket or device): skipped";
    }
    return null;
  }

  /** Uploads one settled file and hands its event on, or records why it cannot be a drop. */
  private void take(Path file, String key, String signature) throws IOException {
    DeploymentException refused = refusedKey(key);
    // The size first, then a bounded read (the file may grow in between): a multi-GiB file is
    // neither read whole nor uploaded.
    byte[] body = refused == null && Files.size(file) <= MAX_FILE_BYTES ? readAtMost(file) : null;
    if (refused == null && body == null) {
      refused =
          new DeploymentException(
              ErrorCode.TEMPLATE_TOO_LARGE,
              "drop file '" + printable(key) + "' is over " + MAX_FILE_BYTES
                  + " bytes (CloudFormation's template limit): not read, not uploaded");
    }
    if (refused != null) {
      tellOnce("drop_file_refused", key, refused.getMessage());
      rejections.accept(key, refused);
      uploaded.put(key, signature);
      saveState();
      return;
    }
    JsonNode event = upload(key, body);
    uploaded.put(key, signature);
    pending.put(key, event);
    saveState();
    handlers.execute(() -> handle(key, event));
  }

  /**
   * A path S3 and CloudFormation cannot take is refused here, once, with a reason: a control
   * character (a newline in a folder name) would otherwise fail the upload on every scan.
   */
  private static DeploymentException refusedKey(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return new DeploymentException(
            ErrorCode.INVALID_STACK_NAME,
            "drop path '" + printable(key) + "' has a control character (U+"
                + String.format("%04X", (int) c)
                + "; a newline or tab in a folder name?): stack names are [A-Za-z][A-Za-z0-9-]*;"
                + " rename the folder");
      }
    }
    return null;
  }

  /** The file's bytes, or null when it holds more than {@link #MAX_FILE_BYTES}: never more read. */
  private static byte[] readAtMost(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
      return bytes.length > MAX_FILE_BYTES ? null : bytes;
    }
  }

  private void tellOnce(String event, String key, String reason) {
    if (told.add(key + "\n" + reason)) {
      StructuredLog.warn(event, Map.of("key", printable(key), "reason", reason));
    }
  }

  private static String printable(String key) {
    String shown = key.length() > 300 ? key.substring(0, 300) + "..." : key;
    return shown.replaceAll("\\p{Cntrl}", "?");
  }

  private JsonNode upload(String key, byte[] body) {
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
      pending.remove(key, event);
      saveState();
    } catch (IOException e) {
      StructuredLog.error("drop_state_not_saved", Map.of("type", e.getClass().getName()));
    } catch (RuntimeException e) {
      // A transient failure (the handler throws only those): S3 would retry the invocation; here
      // the next scan uploads the file again.
      pending.remove(key, event);
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

  private synchronized void saveState() throws IOException {
    write(stateFile, Map.copyOf(uploaded));
    write(eventsFile, Map.copyOf(pending));
  }

  private static void write(Path file, Object value) throws IOException {
    Path tmp = temp(file);
    Json.mapper().writeValue(tmp.toFile(), value);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static Path temp(Path file) {
    return file.resolveSibling(file.getFileName() + ".tmp");
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
