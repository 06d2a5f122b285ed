package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.NoSuchElementException;

/**
 * Keeps one file per execution in a folder, one JSON record a line; the last whole line is the
 * execution's record, so a crash leaves either the old or the new record, never half of one.
 * After a restart, {@link #unfinished()} lists executions that were cut off and {@link
 * #markInterrupted} fails them.
 *
 * <p>The start, the end and a file grown past {@link #COMPACT_AT_BYTES} are written whole: a
 * temporary file moved over the old one, leaving one line. Entering a state or waiting on a task
 * token appends its line instead: replacing a file that exists costs ext4 a flush of the new
 * file's data on every move (its {@code auto_da_alloc} rule, 0.4–1 ms a write on this kind of
 * disk, a dozen writes a deployment), an append a few tens of microseconds. A line cut short by a
 * kill has no line end and is not read, as a temporary file was not.
 *
 * <p>Writes to one execution are serialised by a lock striped on its name, so executions journal
 * side by side; the record of a running execution is also kept in memory, so entering a state
 * writes its file without reading it first.
 */
public final class FileExecutionJournal implements ExecutionJournal {

  private static final String SUFFIX = ".json";
  private static final String TEMP_PREFIX = ".execution-";

  /** Lock stripes: writes to one execution in order, executions in parallel (few collide). */
  private static final int STRIPES = 64;

  /** A running execution's file is written whole again (one line) once its lines pass this. */
  static final long COMPACT_AT_BYTES = 256 * 1024;

  private final Path dir;
  private final Clock clock;
  private final Object[] stripes = new Object[STRIPES];

  /** What this journal last wrote for each execution still running. */
  private final Map<String, JournaledExecution> running = new ConcurrentHashMap<>();

  /** The bytes of each running execution's file, as far as this journal wrote them. */
  private final Map<String, Long> fileBytes = new ConcurrentHashMap<>();

  public FileExecutionJournal(Path dir) {
    this(dir, Clock.systemUTC());
  }

  public FileExecutionJournal(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
    try {
      Files.createDirectories(dir);
      deleteLeftoverTemps();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the execution journal folder " + dir, e);
    }
  }

  /**
   * A process killed while writing leaves its temporary file behind (the record itself is the old
   * or the new one, never half of one): nothing reads those, so a new journal removes them.
   */
  private void deleteLeftoverTemps() throws IOException {
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, TEMP_PREFIX + "*.tmp")) {
      for (Path temp : temps) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private Object lockOf(String name) {
    return stripes[Math.floorMod(name.hashCode(), STRIPES)];
  }

  @Override
  public void started(String name, JsonNode input) {
    synchronized (lockOf(name)) {
      startedLocked(name, input);
    }
  }

  private void startedLocked(String name, JsonNode input) {
    Instant now = clock.instant();
    replace(
        new JournaledExecution(
            name,
            JournaledExecution.Status.RUNNING,
            input,
            null,
            null,
            null,
            now,
            now,
            null,
            null,
            null));
  }

  @Override
  public void entered(String name, String stateName, JsonNode stateInput) {
    synchronized (lockOf(name)) {
      append(read(name).withState(stateName, stateInput, clock.instant()));
    }
  }

  @Override
  public void waiting(String name, String stateName, String taskToken) {
    synchronized (lockOf(name)) {
      append(read(name).waitingOn(taskToken, clock.instant()));
    }
  }

  @Override
  public void finished(String name, ExecutionResult result) {
    JournaledExecution.Status status =
        result.succeeded() ? JournaledExecution.Status.SUCCEEDED : JournaledExecution.Status.FAILED;
    synchronized (lockOf(name)) {
      replace(
          read(name)
              .finished(status, result.output(), result.error(), result.cause(), clock.instant()));
    }
  }

  /** The recorded execution of that name. */
  public JournaledExecution get(String name) {
    synchronized (lockOf(name)) {
      return read(name);
    }
  }

  /**
   * Executions still RUNNING (after a restart: cut off by the crash), oldest first. Each file is
   * replaced atomically, so a listing beside running executions reads whole records.
   */
  public List<JournaledExecution> unfinished() {
    List<JournaledExecution> running = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        JournaledExecution execution = parse(file);
        if (execution.status() == JournaledExecution.Status.RUNNING) {
          running.add(execution);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the execution journal folder " + dir, e);
    }
    running.sort(Comparator.comparing(JournaledExecution::startedAt));
    return running;
  }

  /**
   * Fails a RUNNING execution with {@link JournaledExecution#INTERRUPTED_ERROR}; an execution that
   * already finished is left as it is.
   *
   * @return the execution as now recorded
   * @throws NoSuchElementException if no execution of that name was journaled
   */
  public JournaledExecution markInterrupted(String name) {
    synchronized (lockOf(name)) {
      return markInterruptedLocked(name);
    }
  }

  private JournaledExecution markInterruptedLocked(String name) {
    JournaledExecution execution = read(name);
    if (execution.status() != JournaledExecution.Status.RUNNING) {
      return execution;
    }
    String where =
        execution.currentState() == null
            ? "before its first state"
            : "in state '" + execution.currentState() + "'";
    JournaledExecution failed =
        execution.finished(
            JournaledExecution.Status.FAILED,
            null,
            JournaledExecution.INTERRUPTED_ERROR,
            "The runtime stopped while the execution was running " + where,
            clock.instant());
    replace(failed);
    return failed;
  }

  private JournaledExecution read(String name) {
    JournaledExecution known = running.get(name);
    if (known != null) {
      return known;
    }
    Path file = fileOf(name);
    if (!Files.exists(file)) {
      throw new NoSuchElementException("No journaled execution named '" + name + "' in " + dir);
    }
    return parse(file);
  }

  private JournaledExecution parse(Path file) {
    try {
      JsonNode json = lastRecord(Files.readString(file, StandardCharsets.UTF_8));
      return new JournaledExecution(
          json.path("name").asText(),
          JournaledExecution.Status.valueOf(json.path("status").asText()),
          json.get("input"),
          textOrNull(json, "currentState"),
          nullIfJsonNull(json.get("stateInput")),
          textOrNull(json, "taskToken"),
          Instant.parse(json.path("startedAt").asText()),
          Instant.parse(json.path("updatedAt").asText()),
          json.get("output"),
          textOrNull(json, "error"),
          textOrNull(json, "cause"));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("Unreadable execution journal file " + file, e);
    }
  }

  /**
   * The last whole line's record: a line ends with its line break (the JSON is written compact, so
   * a record has none inside), and a line cut short by a kill has none. A file written before
   * records were lines holds one record without a line break.
   */
  static JsonNode lastRecord(String text) throws IOException {
    int end = text.lastIndexOf('\n');
    while (end >= 0) {
      int start = text.lastIndexOf('\n', end - 1) + 1;
      String line = text.substring(start, end);
      if (!line.isBlank()) {
        try {
          return Json.MAPPER.readTree(line);
        } catch (IOException e) {
          // Not a whole record: the one before it is.
        }
      }
      end = start - 1;
    }
    return Json.MAPPER.readTree(text);
  }

  private static JsonNode nullIfJsonNull(JsonNode value) {
    return value == null || value.isMissingNode() ? null : value;
  }

  private static String textOrNull(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** Appends the record as a line; past {@link #COMPACT_AT_BYTES} writes the file whole. */
  private void append(JournaledExecution execution) {
    Long bytes = fileBytes.get(execution.name());
    if (bytes == null || bytes > COMPACT_AT_BYTES) {
      replace(execution);
      return;
    }
    byte[] line = line(execution);
    write(
        execution,
        target -> {
          Files.write(target, line, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
          return bytes + line.length;
        });
  }

  /** Writes the file whole: a temporary file moved over the old one, one line. */
  private void replace(JournaledExecution execution) {
    byte[] line = line(execution);
    write(
        execution,
        target -> {
          // Every write holds its execution's stripe: the stripe's temporary file is free.
          Path temp =
              dir.resolve(
                  TEMP_PREFIX + Math.floorMod(execution.name().hashCode(), STRIPES) + ".tmp");
          Files.write(temp, line);
          try {
            Files.move(
                temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
          }
          return (long) line.length;
        });
  }

  private interface FileWrite {
    /** Writes the record to {@code target}; returns the file's size after it. */
    long to(Path target) throws IOException;
  }

  private static byte[] line(JournaledExecution execution) {
    ObjectNode json = Json.NODES.objectNode();
    json.put("name", execution.name());
    json.put("status", execution.status().name());
    json.set("input", execution.input());
    json.put("currentState", execution.currentState());
    if (execution.status() == JournaledExecution.Status.RUNNING) {
      // What a restart needs to resume a waiting callback Task; dropped once the execution ends.
      json.set("stateInput", execution.stateInput());
      json.put("taskToken", execution.taskToken());
    }
    json.put("startedAt", execution.startedAt().toString());
    json.put("updatedAt", execution.updatedAt().toString());
    if (execution.status() == JournaledExecution.Status.SUCCEEDED) {
      json.set("output", execution.output());
    }
    json.put("error", execution.error());
    json.put("cause", execution.cause());
    return (Json.write(json) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private void write(JournaledExecution execution, FileWrite how) {
    Path target = fileOf(execution.name());
    // File channels are interruptible: an interrupted engine thread must still record the end.
    boolean interrupted = Thread.interrupted();
    try {
      long bytes = how.to(target);
      if (execution.status() == JournaledExecution.Status.RUNNING) {
        running.put(execution.name(), execution);
        fileBytes.put(execution.name(), bytes);
      } else {
        running.remove(execution.name());
        fileBytes.remove(execution.name());
      }
    } catch (IOException e) {
      // A failed append may have left part of its line: the next write replaces the file.
      fileBytes.remove(execution.name());
      throw new UncheckedIOException(
          "Cannot journal execution '" + execution.name() + "' to " + target, e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One file per execution; the name is encoded so any execution name is a safe file name. */
  private Path fileOf(String name) {
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("*", "%2A");
    if (encoded.startsWith(".")) {
      encoded = "%2E" + encoded.substring(1);
    }
    return dir.resolve(encoded + SUFFIX);
  }
}
