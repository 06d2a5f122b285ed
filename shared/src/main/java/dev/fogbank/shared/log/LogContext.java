package dev.fogbank.shared.log;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deployment and stack a thread is working on, added by {@link StructuredLog} to every line it
 * writes on that thread (a field the line names itself wins). Opened by the handler that knows
 * them, around the one domain call, so that the domain's own lines say which deployment they are
 * about without passing it through every call:
 *
 * <pre>{@code
 * try (LogContext context = LogContext.of(input.deploymentId(), input.stackName())) {
 *   ...
 * }
 * }</pre>
 */
public final class LogContext implements AutoCloseable {
  private static final ThreadLocal<Map<String, String>> CURRENT =
      ThreadLocal.withInitial(Map::of);

  private final Map<String, String> previous;

  private LogContext(Map<String, String> previous) {
    this.previous = previous;
  }

  /** Adds {@code deploymentId} and {@code stack} (either may be null: left out) until closed. */
  public static LogContext of(String deploymentId, String stack) {
    Map<String, String> previous = CURRENT.get();
    Map<String, String> next = new LinkedHashMap<>(previous);
    if (deploymentId != null && !deploymentId.isBlank()) {
      next.put("deploymentId", deploymentId);
    }
    if (stack != null && !stack.isBlank()) {
      next.put("stack", stack);
    }
    CURRENT.set(Collections.unmodifiableMap(next));
    return new LogContext(previous);
  }

  /**
   * {@code work} to be run on another thread with the context open on this one, so that the lines
   * it writes there name the same deployment and stack.
   */
  public static <T> java.util.function.Supplier<T> carried(java.util.function.Supplier<T> work) {
    Map<String, String> fields = CURRENT.get();
    return () -> {
      Map<String, String> previous = CURRENT.get();
      CURRENT.set(fields);
      try {
        return work.get();
      } finally {
        if (previous.isEmpty()) {
          CURRENT.remove();
        } else {
          CURRENT.set(previous);
        }
      }
    };
  }

  /** The fields of the innermost open context on this thread. */
  static Map<String, String> current() {
    return CURRENT.get();
  }

  /** Restores what was open before (contexts nest). */
  @Override
  public void close() {
    if (previous.isEmpty()) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
