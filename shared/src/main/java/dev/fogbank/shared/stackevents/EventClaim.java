package dev.fogbank.shared.stackevents;

import java.time.Duration;
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

  /**
   * How long an announcement's claim is kept: longer than any deployment and any late event about
   * it (EventBridge retries for at most a day).
   */
  public static final Duration ANNOUNCEMENT_RETENTION = Duration.ofDays(7);

  /**
   * The claim on announcing that deployment {@code deploymentId} ended {@code outcome} (e.g.
   * FAILED), id {@code NOTIFY#<deploymentId>#<outcome>}. The deploy state machine's Notify step
   * and the stack-events function both try it: the first one to claim it sends the one message,
   * the other sends nothing.
   */
  public static EventClaim announcement(String deploymentId, String outcome, Instant now) {
    return new EventClaim(
        announcementId(deploymentId, outcome),
        "announcement that deployment " + deploymentId + " ended " + outcome,
        now,
        now.plus(ANNOUNCEMENT_RETENTION));
  }

  public static String announcementId(String deploymentId, String outcome) {
    return "NOTIFY#" + deploymentId + "#" + outcome;
  }
}
