package dev.fogbank.shared.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * An Approve or Reject button pressed on an approval-request message: Slack's {@code
 * block_actions} interaction, sent as {@code application/x-www-form-urlencoded} {@code
 * payload=<JSON>}. The Slack user is the principal {@code slack:<team id>/<user id>}, which the
 * authorization policy grants {@code approve} like any other principal.
 */
public record SlackAction(
    boolean approve, String deploymentId, String teamId, String userId, String userName) {
  /** The buttons' {@code action_id}s (set by {@link SlackMessageRenderer}). */
  public static final String APPROVE = "fogbank_approve";

  public static final String REJECT = "fogbank_reject";

  /** Slack's team and user ids: upper-case letters and digits ({@code T0123ABC}, {@code U0456}). */
  private static final Pattern SLACK_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** The policy principal of the Slack user who pressed the button. */
  public String principal() {
    return principalOf(teamId, userId);
  }

  public static String principalOf(String teamId, String userId) {
    return "slack:" + teamId + "/" + userId;
  }

  /** Who to name in the reason: {@code @username} when Slack sent one, else the principal. */
  public String shownName() {
    return userName == null ? principal() : "@" + userName;
  }

  /** The action in a (verified) request body; a body that is not one is INVALID_REQUEST. */
  public static SlackAction parse(String formBody) {
    String payload = null;
    for (String pair : (formBody == null ? "" : formBody).split("&")) {
      if (pair.startsWith("payload=")) {
        payload = URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8);
      }
    }
    if (payload == null) {
      throw new InvalidRequestException("a Slack action is a form with a payload field");
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(payload);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("the Slack action's payload is not JSON");
    }
    if (root == null || !"block_actions".equals(root.path("type").asText())) {
      throw new InvalidRequestException("only block_actions (button presses) are handled");
    }
    JsonNode action = root.path("actions").path(0);
    String actionId = action.path("action_id").asText();
    if (!APPROVE.equals(actionId) && !REJECT.equals(actionId)) {
      throw new InvalidRequestException(
          "unknown action_id: expected " + APPROVE + " or " + REJECT);
    }
    String deploymentId = action.path("value").asText("");
    if (deploymentId.isBlank() || deploymentId.length() > 128) {
      throw new InvalidRequestException("the button's value must be a deployment id");
    }
    JsonNode user = root.path("user");
    String team = root.path("team").path("id").asText(user.path("team_id").asText(""));
    String userId = user.path("id").asText("");
    if (!SLACK_ID.matcher(team).matches() || !SLACK_ID.matcher(userId).matches()) {
      throw new InvalidRequestException("the Slack action names no valid team and user id");
    }
    String name = user.path("username").asText(user.path("name").asText(""));
    return new SlackAction(
        APPROVE.equals(actionId),
        deploymentId,
        team,
        userId,
        name.isBlank() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? null : name);
  }
}
