package dev.fogbank.shared.stackevents;

import java.time.Instant;
import java.util.Objects;

/**
 * The first delivery of an incoming event, claimed so that a redelivery of it does nothing.
 *
 * @param eventId the event's own id (EventBridge's {@code id})
 * @param description what the event was, for an operator reading the table
 * @param claimedAt when this delivery claimed it
 * @param expiresAt after when the claim may be cleaned up (longer than any redelivery window)
 */
public record EventClaim(String eventId, String description, Instant claimedAt, Instant expiresAt) {
  public EventClaim {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(claimedAt, "claimedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
