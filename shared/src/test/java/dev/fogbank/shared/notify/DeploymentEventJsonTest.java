package dev.fogbank.shared.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.notify.DeploymentEvent.Kind;
import org.junit.jupiter.api.Test;

/** The topic's message is this record as JSON: the slack function reads what the others write. */
class DeploymentEventJsonTest {

  @Test
  void stackEvent_whenWrittenAndRead_thenEqualWithEveryStatusField() throws Exception {
    DeploymentEvent event =
        SlackMessageRendererTest.stackEvent("failed to update", SlackMessageRendererTest.CONSOLE);

    String json = Json.mapper().writeValueAsString(event);
    DeploymentEvent read = Json.mapper().readValue(json, DeploymentEvent.class);

    assertEquals(event, read);
    assertEquals(
        "UPDATE_ROLLBACK_FAILED", Json.mapper().readTree(json).at("/stackStatus/status").asText());
    assertEquals("STACK_NEEDS_ATTENTION", Json.mapper().readTree(json).get("kind").asText());
  }

  @Test
  void deploymentEvent_whenWritten_thenNoStackStatusKeySoEarlierMessagesAreUnchanged()
      throws Exception {
    DeploymentEvent event =
        SlackMessageRendererTest.event(Kind.SUCCEEDED, new ChangeSummary(1, 0, 0), 10L, null);

    String json = Json.mapper().writeValueAsString(event);

    assertFalse(json.contains("stackStatus"), json);
    assertEquals(event, Json.mapper().readValue(json, DeploymentEvent.class));
  }

  @Test
  void eventWithReview_whenWrittenAndRead_thenEqualWithTheRiskiestChangesAndNoProperties()
      throws Exception {
    DeploymentEvent event =
        SlackMessageRendererTest.event(Kind.APPROVAL_REQUESTED, null, null, null)
            .withReview(ReviewDigest.of(SlackMessageRendererTest.twelveChanges()));

    String json = Json.mapper().writeValueAsString(event);

    assertEquals(event, Json.mapper().readValue(json, DeploymentEvent.class));
    assertEquals("CRITICAL", Json.mapper().readTree(json).at("/review/riskLevel").asText());
    assertEquals(5, Json.mapper().readTree(json).at("/review/riskiest").size());
    assertEquals("True", Json.mapper().readTree(json).at("/review/riskiest/0/replacement").asText());
    assertFalse(json.contains("KeySchema\",\"replaces"), json); // properties stay in history
  }

  @Test
  void messageWithoutStackStatus_whenRead_thenNullStackStatus() throws Exception {
    String message =
        "{\"kind\":\"FAILED\",\"deploymentId\":\"d-1\",\"stackName\":\"web\","
            + "\"error\":{\"code\":\"STACK_FAILED\",\"message\":\"m\"}}";

    DeploymentEvent event = Json.mapper().readValue(message, DeploymentEvent.class);

    assertEquals(Kind.FAILED, event.kind());
    assertEquals("STACK_FAILED", event.error().code());
    assertNull(event.stackStatus());
    assertNull(event.review());
  }
}
