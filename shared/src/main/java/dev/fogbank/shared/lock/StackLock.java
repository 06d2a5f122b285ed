package dev.fogbank.shared.lock;

import dev.fogbank.shared.stack.StackRef;
import java.time.Instant;

/** A stack's deployment lock: who holds it, for which deployment, until when. */
public record StackLock(
    StackRef stack, String owner, String deploymentId, Instant acquiredAt, Instant expiresAt) {

  public boolean isExpiredAt(Instant now) {
    return !expiresAt.isAfter(now);
  }
}
