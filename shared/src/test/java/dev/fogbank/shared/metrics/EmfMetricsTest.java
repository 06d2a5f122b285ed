package dev.fogbank.shared.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfMetricsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-07T02:00:00Z"), ZoneOffset.UTC);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final EmfMetrics metrics =
      EmfMetrics.to(new PrintStream(out, true, UTF_8), "fogbank-steps-ledger", CLOCK);

  private JsonNode onlyLine() throws Exception {
    String[] lines = out.toString(UTF_8).strip().split("\n");
    assertEquals(1, lines.length);
    return JSON.readTree(lines[0]);
  }

  @Test
  void count_whenDeploymentEnds_thenOneEmfLineWithOutcomeDimensionAndStackAsProperty()
      throws Exception {
    metrics.count(Metric.DEPLOYMENTS, "FAILED", Metrics.about("d-1", "orders"));

    JsonNode line = onlyLine();
    JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
    assertEquals(CLOCK.millis(), line.at("/_aws/Timestamp").asLong());
    assertEquals("Fogbank", directive.get("Namespace").asText());
    assertEquals("[[\"Outcome\"]]", directive.get("Dimensions").toString());
    assertEquals("Deployments", directive.at("/Metrics/0/Name").asText());
    assertEquals("Count", directive.at("/Metrics/0/Unit").asText());
    assertEquals("FAILED", line.get("Outcome").asText());
    assertEquals(1.0, line.get("Deployments").asDouble());
    assertEquals("d-1", line.get("deploymentId").asText());
    assertEquals("orders", line.get("stack").asText(), "the stack is a property");
  }

  @Test
  void time_whenFunctionDimension_thenTheFunctionNameIsTheValueInMilliseconds() throws Exception {
    metrics.time(Metric.LOCK_WAIT, null, java.time.Duration.ofSeconds(3), Map.of());

    JsonNode line = onlyLine();
    assertEquals("[[\"Function\"]]", line.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
    assertEquals("Milliseconds", line.at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText());
    assertEquals("fogbank-steps-ledger", line.get("Function").asText());
    assertEquals(3000.0, line.get("LockWait").asDouble());
  }

  @Test
  void record_whenAPropertyClashesWithTheMetric_thenTheMetricWins() throws Exception {
    metrics.count(Metric.SCAN_FAILURES, "drift", Map.of("ScanFailures", "x", "Scan", "y"));

    JsonNode line = onlyLine();
    assertEquals(1.0, line.get("ScanFailures").asDouble());
    assertEquals("drift", line.get("Scan").asText());
  }

  @Test
  void time_whenDurationUnknownOrNegative_thenNothingIsWritten() {
    metrics.time(Metric.REVIEW_TIME, null, null, Map.of());
    metrics.time(Metric.REVIEW_TIME, null, java.time.Duration.ofMillis(-1), Map.of());

    assertEquals("", out.toString(UTF_8));
  }

  @Test
  void install_whenAdapterThrows_thenRecordingDoesNotThrow() {
    try {
      Metrics.install((m, d, v, p) -> {
        throw new IllegalStateException("broken sink");
      });
      Metrics.current().count(Metric.DEPLOYMENTS, "SUCCEEDED", Map.of());
    } finally {
      Metrics.install(Metrics.NONE);
    }
  }
}
