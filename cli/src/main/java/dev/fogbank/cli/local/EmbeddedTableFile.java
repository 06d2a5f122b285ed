package dev.fogbank.cli.local;

import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import com.almworks.sqlite4java.SQLiteStatement;
import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.fogbank.shared.log.StructuredLog;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The embedded DynamoDB Local on its SQLite file, with the file set up for a control plane that
 * writes a few small items per deployment.
 *
 * <p>DynamoDB Local opens the file with SQLite's defaults: the rollback journal and a full sync on
 * every commit, three syncs a write, 20–30 ms each on a plain disk. Here its one connection (the
 * {@link SQLiteQueue} every request runs on) is switched to the write-ahead log ({@code
 * journal_mode=WAL}, kept in the file) with {@code synchronous=NORMAL}: a commit is appended to the
 * log without a sync, and the log is synced at each checkpoint. A write that was answered survives
 * a crash of the process, SIGKILL included (the log is in the file system's cache, which the kernel
 * writes out); it may be lost if the host loses power or the kernel crashes, which local mode does
 * not cover (docs/reliability.md).
 *
 * <p>DynamoDB Local's {@code shutdown} only asks its connection's thread to stop; with WAL that
 * thread also checkpoints and removes the log, so a plane started again on the same file in the
 * same JVM could find it locked. {@link #close} therefore waits for that thread to end.
 *
 * <p>DynamoDB Local offers no way to reach its connection; it is found by its type among the
 * embedded objects' fields. If a later DynamoDB Local hides it, the table still works with SQLite's
 * defaults, a warning says so once, and {@code EmbeddedTableFileTest} fails.
 */
public final class EmbeddedTableFile implements AutoCloseable {
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;

  private final AmazonDynamoDBLocal local;
  private final SQLiteQueue queue;

  private EmbeddedTableFile(AmazonDynamoDBLocal local, SQLiteQueue queue) {
    this.local = local;
    this.queue = queue;
  }

  /** Starts DynamoDB Local on {@code file} (created if absent) and sets its connection up. */
  public static EmbeddedTableFile open(Path file) {
    AmazonDynamoDBLocal local = DynamoDBEmbedded.create(file.toFile());
    SQLiteQueue queue = find(local, SQLiteQueue.class);
    if (queue == null) {
      StructuredLog.warn(
          "table_file_defaults", Map.of("reason", "DynamoDB Local's SQLite connection not found"));
      return new EmbeddedTableFile(local, null);
    }
    try {
      run(
          queue,
          connection -> {
            connection.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
            connection.exec("PRAGMA journal_mode=WAL");
            connection.exec("PRAGMA synchronous=NORMAL");
            return null;
          });
    } catch (RuntimeException e) {
      local.shutdown();
      throw e;
    }
    return new EmbeddedTableFile(local, queue);
  }

  public DynamoDbClient client() {
    return local.dynamoDbClient();
  }

  /** A pragma's current value on DynamoDB Local's connection, or null when it was not found. */
  String pragma(String name) {
    if (queue == null) {
      return null;
    }
    if (!name.matches("[a-z_]+")) {
      throw new IllegalArgumentException("not a pragma name: " + name);
    }
    return run(
        queue,
        connection -> {
          SQLiteStatement statement = connection.prepare("PRAGMA " + name);
          try {
            return statement.step() ? statement.columnString(0) : null;
          } finally {
            statement.dispose();
          }
        });
  }

  /** Stops DynamoDB Local and waits until its connection is closed and the file released. */
  @Override
  public void close() {
    local.shutdown();
    if (queue != null) {
      try {
        queue.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private interface Work<T> {
    T on(SQLiteConnection connection) throws Exception;
  }

  private static <T> T run(SQLiteQueue queue, Work<T> work) {
    SQLiteJob<T> job =
        queue.execute(
            new SQLiteJob<T>() {
              @Override
              protected T job(SQLiteConnection connection) throws Exception {
                return work.on(connection);
              }
            });
    T result = job.complete();
    Throwable error = job.getError();
    if (error != null) {
      throw new IllegalStateException("could not set up the control table's file", error);
    }
    return result;
  }

  /**
   * The first object of {@code type} reachable from {@code root} through instance fields, looking
   * no further than DynamoDB Local's and sqlite4java's own classes.
   */
  private static <T> T find(Object root, Class<T> type) {
    Deque<Object> next = new ArrayDeque<>();
    Set<Object> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    next.add(root);
    while (!next.isEmpty()) {
      Object o = next.poll();
      if (!seen.add(o)) {
        continue;
      }
      if (type.isInstance(o)) {
        return type.cast(o);
      }
      for (Class<?> c = o.getClass(); c != null && isLibrary(c); c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
            continue;
          }
          try {
            f.setAccessible(true);
            Object value = f.get(o);
            if (value != null && (isLibrary(value.getClass()) || type.isInstance(value))) {
              next.add(value);
            }
          } catch (ReflectiveOperationException | RuntimeException e) {
            // Not readable: not the way to the connection.
          }
        }
      }
    }
    return null;
  }

  private static boolean isLibrary(Class<?> c) {
    String name = c.getName();
    return name.startsWith("com.amazonaws.services.dynamodbv2.local.")
        || name.startsWith("com.almworks.sqlite4java.");
  }
}
