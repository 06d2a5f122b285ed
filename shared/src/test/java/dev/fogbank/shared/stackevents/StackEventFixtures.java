package dev.fogbank.shared.stackevents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The Stack Status Change events under {@code src/test/resources/stackevents/}. */
final class StackEventFixtures {
  /** AWS's own example (CloudFormation User Guide), verbatim: teststack CREATE_COMPLETE. */
  static final String DOCUMENTED = "documented-create-complete.json";

  /** The same shape for a real stack (its ARN ends in the stack's UUID) stuck in a rollback. */
  static final String ROLLBACK_FAILED = "update-rollback-failed.json";

  private StackEventFixtures() {}

  static ObjectNode load(String name) {
    try (InputStream in = StackEventFixtures.class.getResourceAsStream("/stackevents/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource stackevents/" + name);
      }
      return (ObjectNode) Json.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static StackStatusEvent event(String name) {
    return StackStatusEventReader.read(load(name));
  }

  /** The rollback-failed fixture with another id and status. */
  static StackStatusEvent withStatus(String eventId, String status) {
    ObjectNode event = load(ROLLBACK_FAILED);
    event.put("id", eventId);
    ((ObjectNode) event.at("/detail/status-details")).put("status", status);
    return StackStatusEventReader.read(event);
  }
}
