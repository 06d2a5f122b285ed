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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.NoSuchElementException;

/**
 * Keeps one JSON file per execution in a folder, replaced atomically (write a temporary file, then
 * move it over the old one) so a crash leaves either the old or the new record, never half of one.
 * After a restart, {@link #unfinished()} lists executions that were cut off and {@link
 * #markInterrupted} fails them.
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

  private final Path dir;
  private final Clock clock;
  private final Object[] stripes = new Object[STRIPES];

  /** What this journal last wrote for each execution still running. */
  private final Map<String, JournaledExecution> running = new ConcurrentHashMap<>();

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
    write(
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
      write(read(name).withState(stateName, stateInput, clock.instant()));
    }
  }

  @Override
  public void waiting(String name, String stateName, String taskToken) {
    synchronized (lockOf(name)) {
      write(read(name).waitingOn(taskToken, clock.instant()));
    }
  }

  @Override
  public void finished(String name, ExecutionResult result) {
    JournaledExecution.Status status =
        result.succeeded() ? JournaledExecution.Status.SUCCEEDED : JournaledExecution.Status.FAILED;
    synchronized (lockOf(name)) {
      write(
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
    write(failed);
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
      JsonNode json = Json.MAPPER.readTree(file.toFile());
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

  private static JsonNode nullIfJsonNull(JsonNode value) {
    return value == null || value.isMissingNode() ? null : value;
  }

  private static String textOrNull(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private void write(JournaledExecution execution) {
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
    Path target = fileOf(execution.name());
    // File channels are interruptible: an interrupted engine thread must still record the end.
    boolean interrupted = Thread.interrupted();
    try {
      // Every write holds its execution's stripe: the stripe's temporary file is free.
      Path temp =
          dir.resolve(TEMP_PREFIX + Math.floorMod(execution.name().hashCode(), STRIPES) + ".tmp");
      Files.writeString(temp, Json.write(json), StandardCharsets.UTF_8);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      if (execution.status() == JournaledExecution.Status.RUNNING) {
        running.put(execution.name(), execution);
      } else {
        running.remove(execution.name());
      }
    } catch (IOException e) {
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
