package dev.fogbank.functions.console;

import java.time.Instant;

/**
 * Where used login tickets are recorded, so a ticket logs in once: a replayed login URL (from a
 * browser history, a proxy log or a shoulder) finds its ticket used. In AWS the control table
 * (a conditional put); every container sees the same record.
 */
@FunctionalInterface
public interface TicketLedger {
  /**
   * Records ticket {@code id} as used by {@code caller}; false when it was used before. The record
   * may be forgotten after {@code expiresAt} (a ticket is refused after it anyway).
   */
  boolean firstUse(String id, String caller, Instant expiresAt);

  /**
   * Local mode's: one process holds every session (its key dies with it), so memory is enough.
   * Expired ids are dropped as new ones arrive.
   */
  static TicketLedger inMemory(java.time.Clock clock) {
    java.util.Map<String, Instant> used = new java.util.concurrent.ConcurrentHashMap<>();
    return (id, caller, expiresAt) -> {
      used.values().removeIf(expiry -> expiry.isBefore(clock.instant()));
      return used.putIfAbsent(id, expiresAt) == null;
    };
  }
}
