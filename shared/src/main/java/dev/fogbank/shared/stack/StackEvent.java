package dev.fogbank.shared.stack;

import java.time.Instant;

/**
 * One CloudFormation stack event. {@code physicalResourceId} and {@code eventId} may be null (an
 * event read before the resource had an id; events built in tests).
 */
public record StackEvent(
    Instant timestamp,
    String logicalId,
    String resourceType,
    String status,
    String statusReason,
    String physicalResourceId,
    String eventId) {

  public StackEvent(
      Instant timestamp, String logicalId, String resourceType, String status, String statusReason) {
    this(timestamp, logicalId, resourceType, status, statusReason, null, null);
  }
}
