package dev.fogbank.shared.lock;

/**
 * The outcome of an acquire: {@code acquired} with our lock, or not acquired with the lock of the
 * deployment that holds the stack now.
 */
public record LockResult(boolean acquired, StackLock lock) {
  public static LockResult acquired(StackLock lock) {
    return new LockResult(true, lock);
  }

  public static LockResult heldBy(StackLock holder) {
    return new LockResult(false, holder);
  }
}
