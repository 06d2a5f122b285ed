package dev.fogbank.shared.lock;

import dev.fogbank.shared.stack.StackRef;
import java.time.Instant;

/**
 * A stack's deployment lock: who holds it, for which deployment, until when; and, while the
 * deployment's WaitForStack state waits for the stack, the Step Functions task token that the
 * stack-events function completes (null otherwise); and, for a lock a person took through the API
 * ({@code POST /stacks/{name}/lock}), why they took it (null otherwise).
 */
public record StackLock(
    StackRef stack,
    String owner,
    String deploymentId,
    Instant acquiredAt,
    Instant expiresAt,
    String waitToken,
    String reason) {

  /** A lock with no reason given. */
  public StackLock(
      StackRef stack,
      String owner,
      String deploymentId,
      Instant acquiredAt,
      Instant expiresAt,
      String waitToken) {
    this(stack, owner, deploymentId, acquiredAt, expiresAt, waitToken, null);
  }

  /** A lock with no wait recorded on it. */
  public StackLock(
      StackRef stack, String owner, String deploymentId, Instant acquiredAt, Instant expiresAt) {
    this(stack, owner, deploymentId, acquiredAt, expiresAt, null);
  }

  public boolean isExpiredAt(Instant now) {
    return !expiresAt.isAfter(now);
  }
}
