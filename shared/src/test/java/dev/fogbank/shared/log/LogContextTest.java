package dev.fogbank.shared.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogContextTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final StructuredLog log = StructuredLog.to(new PrintStream(out, true, UTF_8));

  private JsonNode lastLine() throws Exception {
    String[] lines = out.toString(UTF_8).strip().split("\n");
    return JSON.readTree(lines[lines.length - 1]);
  }

  @Test
  void log_whenContextOpen_thenEveryLineCarriesDeploymentIdAndStack() throws Exception {
    try (LogContext context = LogContext.of("d-1", "orders")) {
      log.log(StructuredLog.Level.INFO, "change_set_created", Map.of("changeSet", "cs-1"));
    }

    JsonNode line = lastLine();
    assertEquals("d-1", line.get("deploymentId").asText());
    assertEquals("orders", line.get("stack").asText());
    assertEquals("cs-1", line.get("changeSet").asText());
  }

  @Test
  void log_whenLineNamesTheFieldItself_thenTheLineWins() throws Exception {
    try (LogContext context = LogContext.of("d-1", "orders")) {
      log.log(StructuredLog.Level.WARN, "other_stack", Map.of("stack", "billing"));
    }

    assertEquals("billing", lastLine().get("stack").asText());
    assertEquals("d-1", lastLine().get("deploymentId").asText());
  }

  @Test
  void close_whenNested_thenOuterRestoredAndNothingLeftAfter() throws Exception {
    try (LogContext outer = LogContext.of(null, "orders")) {
      try (LogContext inner = LogContext.of("d-2", null)) {
        log.log(StructuredLog.Level.INFO, "inner", Map.of());
        assertEquals("orders", lastLine().get("stack").asText());
        assertEquals("d-2", lastLine().get("deploymentId").asText());
      }
      log.log(StructuredLog.Level.INFO, "outer", Map.of());
      assertFalse(lastLine().has("deploymentId"));
      assertEquals("orders", lastLine().get("stack").asText());
    }
    log.log(StructuredLog.Level.INFO, "after", Map.of());
    assertFalse(lastLine().has("stack"));
  }

  @Test
  void carried_whenRunOnAnotherThread_thenItsLinesCarryTheContextAndThatThreadKeepsNone()
      throws Exception {
    java.util.function.Supplier<String> work;
    try (LogContext context = LogContext.of("d-3", "orders")) {
      work =
          LogContext.carried(
              () -> {
                log.log(StructuredLog.Level.INFO, "read_done", Map.of());
                return "ok";
              });
    }
    java.util.concurrent.atomic.AtomicReference<Map<String, String>> after =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread other =
        Thread.ofVirtual()
            .start(
                () -> {
                  work.get();
                  after.set(LogContext.current());
                });
    other.join();

    assertEquals("d-3", lastLine().get("deploymentId").asText());
    assertEquals("orders", lastLine().get("stack").asText());
    assertEquals(Map.of(), after.get());
  }
}
