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
  default LockResult acquire(StackRef stack, String owner, String deploymentId, Duration ttl) {
    return acquire(stack, owner, deploymentId, ttl, null);
  }

  /**
   * As {@link #acquire(StackRef, String, String, Duration)}, recording why the lock was taken
   * ({@code reason}, null for none) on it: a person's manual lock says why deployments wait.
   */
  LockResult acquire(
      StackRef stack, String owner, String deploymentId, Duration ttl, String reason);

  /** Releases the lock only if {@code deploymentId} holds it; returns whether it did. */
  boolean release(StackRef stack, String deploymentId);

  /**
   * Records, on the lock {@code deploymentId} holds, the task token its WaitForStack state waits
   * on, replacing an earlier one. The stack-events function reads it from the lock ({@link
   * #read}) to resume the deployment when the stack settles: the lock is the one item an event,
   * which names only the stack, leads to.
   *
   * @return false if the deployment does not hold the lock (then nothing is recorded, and the
   *     deployment falls back to polling when its heartbeat runs out)
   */
  boolean recordWait(StackRef stack, String deploymentId, String taskToken);

  /**
   * Extends the lock {@code deploymentId} holds to {@code ttl} from now, only if that deployment
   * still holds it (expired or not, as long as nobody took it over): a step that changes the stack
   * checks this first, so a deployment that outlived its lock never acts beside the new owner.
   *
   * @return false if the lock is gone or another deployment's (then nothing is written)
   */
  boolean renew(StackRef stack, String deploymentId, Duration ttl);

  /** The lock currently in force (an expired one reads as absent). */
  Optional<StackLock> read(StackRef stack);

  /** Removes whatever lock there is; returns it. For operators and crash recovery. */
  Optional<StackLock> forceRelease(StackRef stack);
}
