package dev.fogbank.shared.notify;

/**
 * Tells people what happened. Delivery problems are retried and logged by the adapter, never
 * thrown: a notification must not fail a deployment.
 */
public interface Notifier {
  void notify(DeploymentEvent event);

  /**
   * As {@link #notify}, and says whether the event was handed over: false when the adapter gave up
   * (after its own retries, and after logging why). For callers whose only job is the notification,
   * so that they can have the whole event retried instead of losing it. A notifier that cannot tell
   * answers true.
   */
  default boolean tryNotify(DeploymentEvent event) {
    notify(event);
    return true;
  }
}
