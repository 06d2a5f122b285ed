package dev.fogbank.shared.stackevents;

/**
 * Remembers which incoming events were already handled: event sources such as EventBridge deliver
 * at least once, so the same event can arrive twice, even at the same time.
 */
public interface EventClaims {

  /**
   * Claims the event: true for the one delivery that gets it, false for every other delivery of the
   * same event id (concurrent ones included).
   *
   * @throws dev.fogbank.shared.error.AwsUnavailableException when the store cannot be reached;
   *     nothing was claimed, so a retry can claim it
   */
  boolean claim(EventClaim claim);

  /**
   * Gives a claim back after the work it guarded failed, so that a redelivery is handled again.
   * Never throws: returns false, after logging why, when the claim could not be given back.
   */
  boolean release(String eventId);
}
