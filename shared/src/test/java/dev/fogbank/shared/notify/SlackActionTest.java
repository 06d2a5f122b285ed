package dev.fogbank.shared.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.InvalidRequestException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

public class SlackActionTest {
  /** A block_actions payload shaped like Slack's (trimmed of fields fogbank does not read). */
  public static String payload(String actionId, String deploymentId, String team, String user) {
    return "{\"type\":\"block_actions\",\"team\":{\"id\":\"" + team + "\",\"domain\":\"acme\"},"
        + "\"user\":{\"id\":\"" + user + "\",\"username\":\"alice\",\"name\":\"alice\","
        + "\"team_id\":\"" + team + "\"},\"api_app_id\":\"A02\",\"token\":\"legacy\","
        + "\"container\":{\"type\":\"message\",\"message_ts\":\"1548261231.000200\"},"
        + "\"trigger_id\":\"12466734323.1395872398\",\"channel\":{\"id\":\"C01\"},"
        + "\"response_url\":\"https://hooks.slack.com/actions/T01/1/x\","
        + "\"actions\":[{\"action_id\":\"" + actionId + "\",\"block_id\":\"fogbank_decision\","
        + "\"text\":{\"type\":\"plain_text\",\"text\":\"Approve\"},\"value\":\"" + deploymentId
        + "\",\"style\":\"primary\",\"type\":\"button\",\"action_ts\":\"1548426417.840180\"}]}";
  }

  public static String form(String payloadJson) {
    return "payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8);
  }

  @Test
  void parse_whenApproveButton_thenDeploymentAndSlackPrincipal() {
    SlackAction action =
        SlackAction.parse(form(payload(SlackAction.APPROVE, "d-1", "T0123", "U0456")));

    assertTrue(action.approve());
    assertEquals("d-1", action.deploymentId());
    assertEquals("slack:T0123/U0456", action.principal());
    assertEquals("@alice", action.shownName());
  }

  @Test
  void parse_whenRejectButton_thenNotApprove() {
    assertFalse(
        SlackAction.parse(form(payload(SlackAction.REJECT, "d-1", "T1", "U1"))).approve());
  }

  @Test
  void parse_whenNotAFogbankButtonOrNoPayloadOrBadIds_thenInvalidRequest() {
    assertThrows(
        InvalidRequestException.class,
        () -> SlackAction.parse(form(payload("other", "d-1", "T1", "U1"))));
    assertThrows(InvalidRequestException.class, () -> SlackAction.parse("token=x"));
    assertThrows(InvalidRequestException.class, () -> SlackAction.parse("payload=%7Bnot"));
    assertThrows(
        InvalidRequestException.class,
        () -> SlackAction.parse(form(payload(SlackAction.APPROVE, "d-1", "T 1", "U1"))));
    assertThrows(
        InvalidRequestException.class,
        () -> SlackAction.parse(form(payload(SlackAction.APPROVE, "", "T1", "U1"))));
  }
}
