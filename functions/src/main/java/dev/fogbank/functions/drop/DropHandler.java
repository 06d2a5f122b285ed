package dev.fogbank.functions.drop;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.DropWiring;
import dev.fogbank.shared.drop.DropIntake;
import dev.fogbank.shared.drop.DropOutcome;
import dev.fogbank.shared.drop.DroppedObject;
import dev.fogbank.shared.error.CallerText;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.StructuredLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * S3 ObjectCreated on the drop bucket → {@link DropIntake}: one deployment per upload of a
 * stack's files (a template and its manifest uploaded together deploy once).
 *
 * <p>A stream handler reading the documented S3 event JSON itself: the events library's S3Event
 * drags in Joda-Time (0.45 MB), which kept this artifact over its size budget for six fields.
 */
public final class DropHandler implements RequestStreamHandler {
  private final DropIntake intake;

  public DropHandler() {
    this(DropWiring.intake());
  }

  public DropHandler(DropIntake intake) {
    this.intake = intake;
  }

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) {
    try {
      JsonNode event;
      try {
        event = Json.mapper().readTree(in);
      } catch (JsonProcessingException e) {
        // Not an S3 notification (S3 sends none like it): nothing to retry, so say so and end.
        StructuredLog.error("drop_event_unreadable", Map.of("type", e.getClass().getSimpleName()));
        Json.mapper().writeValue(out, List.of("ignored: not an S3 event notification"));
        return;
      }
      Json.mapper().writeValue(out, handle(event == null ? Json.mapper().nullNode() : event));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Handles an S3 event notification ({@code {"Records":[...]}}); returns, per record, the
   * deployment id started (or found) or why nothing was.
   */
  public List<String> handle(JsonNode event) {
    List<String> results = new ArrayList<>();
    for (JsonNode record : event.path("Records")) {
      String eventName = record.path("eventName").asText("");
      if (!eventName.startsWith("ObjectCreated")) {
        results.add("ignored: " + eventName);
        continue;
      }
      DroppedObject object = toObject(record);
      DropOutcome outcome = intake.accept(object);
      Map<String, Object> log = new LinkedHashMap<>();
      // A forged event's key may be megabytes or carry control characters: log it bounded.
      log.put("key", CallerText.shown(object.key(), 1024));
      log.put("outcome", outcome.kind().name());
      switch (outcome.kind()) {
        case SUBMITTED, REJECTED -> {
          log.put("deploymentId", outcome.deployment().deploymentId());
          log.put("status", outcome.deployment().status().name());
          results.add(outcome.deployment().deploymentId());
        }
        case IGNORED -> {
          log.put("ignoredBecause", outcome.ignoredBecause());
          results.add("ignored: " + outcome.ignoredBecause());
        }
      }
      StructuredLog.info("drop_received", log);
    }
    return results;
  }

  /** S3 URL-encodes keys in events (a space arrives as '+'). */
  static DroppedObject toObject(JsonNode record) {
    JsonNode s3 = record.path("s3");
    JsonNode object = s3.path("object");
    return new DroppedObject(
        s3.path("bucket").path("name").asText(),
        decodeKey(object.path("key").asText()),
        text(object, "versionId"),
        text(object, "sequencer"),
        object.path("size").asLong(0),
        text(record.path("userIdentity"), "principalId"));
  }

  /**
   * S3 always encodes properly; a forged or corrupted event's bad %-escape keeps the key as sent,
   * which the intake then refuses and records (its stack name cannot hold a '%').
   */
  private static String decodeKey(String key) {
    try {
      return URLDecoder.decode(key, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return key;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }
}
