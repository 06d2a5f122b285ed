package dev.fogbank.shared.lock;

import dev.fogbank.shared.stack.StackRef;
import java.time.Duration;
import java.util.Optional;

/** Per-stack mutual exclusion of deployments. */
public interface LockStore {

  /**
   * Takes the stack's lock if nobody holds it or the holder's lock has expired (checked atomically
   * in the store). Acquiring again for the same deploymentId while held by it succeeds (retries of
   * the same step are safe).
   */
  LockResult acquire(StackRef stack, String owner, String deploymentId, Duration ttl);

  /** Releases the lock only if {@code deploymentId} holds it; returns whether it did. */
  boolean release(StackRef stack, String deploymentId);

  /** The lock currently in force (an expired one reads as absent). */
  Optional<StackLock> read(StackRef stack);

  /** Removes whatever lock there is; returns it. For operators and crash recovery. */
  Optional<StackLock> forceRelease(StackRef stack);
}
