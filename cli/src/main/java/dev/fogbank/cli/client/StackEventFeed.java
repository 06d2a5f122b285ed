package dev.fogbank.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stack events of one deployment as they come ({@code GET /deployments/{id}/events}): each
 * {@link #poll} answers the events not seen before. The API gives a page's {@code nextToken} only
 * while more are recorded, so a poll starts again from the token that led to the last page read
 * and skips what it has shown: one page re-read, never the whole list.
 */
public final class StackEventFeed {
  /** The most a page holds; at most 1,000 events a deployment, so ten pages. */
  static final int PAGE = 100;

  private final ApiClient client;
  private final String path;
  private final Set<String> seen = new HashSet<>();
  private String resumeToken;

  public StackEventFeed(ApiClient client, String deploymentId) {
    this.client = client;
    this.path = "/deployments/" + ApiClient.segment(deploymentId) + "/events";
  }

  /** The events recorded since the last poll, oldest first. */
  public List<JsonNode> poll() {
    List<JsonNode> fresh = new ArrayList<>();
    String token = resumeToken;
    while (true) {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("limit", Integer.toString(PAGE));
      query.put("nextToken", token);
      JsonNode page = client.get(path, query);
      for (JsonNode e : page.path("items")) {
        if (seen.add(key(e))) {
          fresh.add(e);
        }
      }
      if (!page.hasNonNull("nextToken")) {
        resumeToken = token;
        return fresh;
      }
      token = page.path("nextToken").asText();
    }
  }

  private static String key(JsonNode e) {
    return e.hasNonNull("eventId")
        ? e.path("eventId").asText()
        : e.path("timestamp").asText() + " " + e.path("logicalResourceId").asText() + " "
            + e.path("resourceStatus").asText();
  }

  /** One event a line, as {@code --wait} and {@code events --follow} print it. */
  public static String line(JsonNode e) {
    StringBuilder s = new StringBuilder("  ");
    s.append(second(e.path("timestamp").asText()))
        .append("  ")
        .append(e.path("logicalResourceId").asText())
        .append("  ")
        .append(e.path("resourceStatus").asText());
    String reason = e.path("statusReason").asText("");
    if (!reason.isEmpty()) {
      s.append("  ").append(reason.replaceAll("\\s+", " "));
    }
    return s.toString();
  }

  private static String second(String timestamp) {
    try {
      return Instant.parse(timestamp).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException e) {
      return timestamp;
    }
  }
}
