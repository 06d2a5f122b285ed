package dev.fogbank.shared.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructuredLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void log_whenFields_thenOneJsonLineWithTsLevelEventAndFields() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Clock clock = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);
    StructuredLog log = StructuredLog.to(new PrintStream(out, true, UTF_8), clock);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("stack", "s\"1\n");
    fields.put("count", 3);
    fields.put("at", Instant.parse("2025-01-01T00:00:00Z"));
    fields.put("missing", null);
    fields.put("event", "clash");

    log.log(StructuredLog.Level.WARN, "lock_lost", fields);

    String[] lines = out.toString(UTF_8).strip().split("\n");
    assertEquals(1, lines.length, "a newline inside a value must be escaped");
    JsonNode line = JSON.readTree(lines[0]);
    assertEquals("2025-01-02T03:04:05Z", line.get("ts").asText());
    assertEquals("WARN", line.get("level").asText());
    assertEquals("lock_lost", line.get("event").asText());
    assertEquals("s\"1\n", line.get("stack").asText());
    assertEquals(3, line.get("count").asInt());
    assertEquals("2025-01-01T00:00:00Z", line.get("at").asText());
    assertEquals(true, line.get("missing").isNull());
    assertEquals("clash", line.get("field.event").asText());
  }

  @Test
  void error_whenStaticCall_thenWritesToCurrentStandardError() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, UTF_8));
    try {
      StructuredLog.error("boom", Map.of("k", "v"));
    } finally {
      System.setErr(original);
    }

    JsonNode line = JSON.readTree(err.toString(UTF_8));
    assertEquals("ERROR", line.get("level").asText());
    assertEquals("boom", line.get("event").asText());
    assertEquals("v", line.get("k").asText());
  }
}
