package dev.fogbank.functions.drop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * S3 event notifications (event version 2.1) from {@code src/test/resources/events}, as the JSON
 * the drop handler reads; a test overwrites only the key, version and size of its upload.
 */
final class S3Events {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private S3Events() {}

  static ObjectNode load(String name) {
    try (InputStream in = S3Events.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture events/" + name);
      }
      return (ObjectNode) MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The fixture's first record describing the upload the test just made: S3 puts the URL-encoded
   * key (spaces as '+') and the version the PUT created in the notification.
   */
  static ObjectNode forUpload(String name, String encodedKey, String versionId, long size) {
    ObjectNode event = load(name);
    ObjectNode object = (ObjectNode) event.path("Records").path(0).path("s3").path("object");
    object.put("key", encodedKey);
    if (versionId == null) {
      object.remove("versionId");
    } else {
      object.put("versionId", versionId);
    }
    if (object.has("size")) {
      object.put("size", size);
    }
    return event;
  }


  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
