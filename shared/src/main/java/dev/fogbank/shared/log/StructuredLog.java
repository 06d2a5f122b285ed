package dev.fogbank.shared.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One JSON object per line ({@code {"ts":...,"level":"WARN","event":"...",...}}), the format
 * CloudWatch Logs Insights and {@code jq} read without configuration. Logging never throws: a field
 * that cannot be serialised is written as its {@code toString()}. The thread's {@link LogContext}
 * (deployment id, stack) is added to every line.
 */
public final class StructuredLog {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();
  private static final Set<String> RESERVED = Set.of("ts", "level", "event");
  private static final StructuredLog STDERR =
      new StructuredLog(() -> System.err, Clock.systemUTC());

  public enum Level {
    INFO,
    WARN,
    ERROR
  }

  // A supplier so that the default follows System.setErr (test harnesses, Lambda runtime).
  private final Supplier<PrintStream> out;
  private final Clock clock;

  private StructuredLog(Supplier<PrintStream> out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  /** The process-wide logger writing to standard error. */
  public static StructuredLog stderr() {
    return STDERR;
  }

  public static StructuredLog to(PrintStream out) {
    return to(out, Clock.systemUTC());
  }

  public static StructuredLog to(PrintStream out, Clock clock) {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(clock, "clock");
    return new StructuredLog(() -> out, clock);
  }

  public static void info(String event, Map<String, ?> fields) {
    STDERR.log(Level.INFO, event, fields);
  }

  public static void warn(String event, Map<String, ?> fields) {
    STDERR.log(Level.WARN, event, fields);
  }

  public static void error(String event, Map<String, ?> fields) {
    STDERR.log(Level.ERROR, event, fields);
  }

  /** Writes one line. Fields named ts, level or event are written as field.ts etc. */
  public void log(Level level, String event, Map<String, ?> fields) {
    try {
      out.get().println(line(level, event, fields));
    } catch (RuntimeException e) {
      // Nowhere better to report a broken log stream; losing one line beats failing the caller.
    }
  }

  String line(Level level, String event, Map<String, ?> fields) {
    ObjectNode line = JSON.createObjectNode();
    line.put("ts", clock.instant().toString());
    line.put("level", level.name());
    line.put("event", event);
    if (fields != null) {
      for (Map.Entry<String, ?> field : fields.entrySet()) {
        String name = String.valueOf(field.getKey());
        line.set(RESERVED.contains(name) ? "field." + name : name, value(field.getValue()));
      }
    }
    for (Map.Entry<String, String> context : LogContext.current().entrySet()) {
      JsonNode named = line.get(context.getKey());
      if (named == null || named.isNull()) {
        line.put(context.getKey(), context.getValue());
      }
    }
    return line.toString();
  }

  private static JsonNode value(Object value) {
    try {
      return JSON.valueToTree(value);
    } catch (IllegalArgumentException e) {
      return JSON.getNodeFactory().textNode(String.valueOf(value));
    }
  }
}
