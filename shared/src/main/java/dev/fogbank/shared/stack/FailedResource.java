package dev.fogbank.shared.stack;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource CloudFormation reported failed (a {@code *_FAILED} resource event): what a person
 * needs first when a stack operation goes wrong.
 */
public record FailedResource(
    String logicalId, String resourceType, String status, String statusReason) {

  /** How {@link #describe()} reads back: logical ids are alphanumeric, types have no spaces. */
  private static final Pattern DESCRIBED =
      Pattern.compile("^([A-Za-z0-9]+) \\(([A-Za-z0-9:._-]+)\\) ([A-Z_]+_FAILED): ([^\\n]*)");

  static FailedResource of(StackEvent event) {
    return new FailedResource(
        event.logicalId(), event.resourceType(), event.status(), event.statusReason());
  }

  /**
   * "Queue (AWS::SQS::Queue) UPDATE_FAILED: reason", on one line. Error messages lead with it, and
   * {@link #parse} finds it there again after the message crossed a state machine as text.
   */
  public String describe() {
    String reason = statusReason == null ? "" : statusReason.replaceAll("[\\r\\n]+", " ");
    return logicalId + " (" + resourceType + ") " + status + ": " + reason;
  }

  /** The failed resource a message written with {@link #describe()} first leads with. */
  public static Optional<FailedResource> parse(String message) {
    if (message == null) {
      return Optional.empty();
    }
    Matcher m = DESCRIBED.matcher(message);
    return m.find()
        ? Optional.of(new FailedResource(m.group(1), m.group(2), m.group(3), m.group(4)))
        : Optional.empty();
  }
}
