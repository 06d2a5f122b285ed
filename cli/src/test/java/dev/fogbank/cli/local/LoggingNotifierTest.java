package dev.fogbank.cli.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.notify.DeploymentEvent.Kind;
import dev.fogbank.shared.notify.SlackMessageRendererTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class LoggingNotifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void notify_whenFailedEvent_thenOneJsonLineWithKindErrorAndChanges() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoggingNotifier notifier = new LoggingNotifier(new PrintStream(out, true, UTF_8));

    notifier.notify(
        SlackMessageRendererTest.event(
            Kind.FAILED,
            new ChangeSummary(1, 2, 3),
            10L,
            new DeploymentError("STACK_FAILED", "x")));

    String[] lines = out.toString(UTF_8).strip().split("\n");
    assertEquals(1, lines.length);
    JsonNode line = JSON.readTree(lines[0]);
    assertEquals("WARN", line.get("level").asText());
    assertEquals("deployment_failed", line.get("event").asText());
    assertEquals("d-123", line.get("deploymentId").asText());
    assertEquals("my-stack", line.get("stack").asText());
    assertEquals(2, line.at("/changes/modifies").asInt());
    assertEquals("STACK_FAILED", line.at("/error/code").asText());
    assertEquals("2025-03-04T05:06:07Z", line.get("at").asText());
  }

  @Test
  void notify_whenStackNeedsAttention_thenWarnLineNamedForTheStackWithItsStatus() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoggingNotifier notifier = new LoggingNotifier(new PrintStream(out, true, UTF_8));

    notifier.notify(
        SlackMessageRendererTest.stackEvent("failed", SlackMessageRendererTest.CONSOLE));

    JsonNode line = JSON.readTree(out.toString(UTF_8).strip());
    assertEquals("WARN", line.get("level").asText());
    assertEquals("stack_needs_attention", line.get("event").asText());
    assertEquals("orders", line.get("stack").asText());
    assertEquals("UPDATE_ROLLBACK_FAILED", line.at("/stackStatus/status").asText());
    assertEquals("failed", line.at("/stackStatus/reason").asText());
  }

  @Test
  void notify_whenDriftDetected_thenWarnLineNamedStackDriftDetected() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoggingNotifier notifier = new LoggingNotifier(new PrintStream(out, true, UTF_8));

    notifier.notify(SlackMessageRendererTest.driftEvent("1 resource differs: Queue (MODIFIED)"));

    JsonNode line = JSON.readTree(out.toString(UTF_8).strip());
    assertEquals("WARN", line.get("level").asText());
    assertEquals("stack_drift_detected", line.get("event").asText());
    assertEquals("orders", line.get("stack").asText());
    assertEquals("DRIFTED", line.at("/stackStatus/status").asText());
  }
}
