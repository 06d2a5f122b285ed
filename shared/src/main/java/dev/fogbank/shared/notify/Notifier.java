package dev.fogbank.shared.notify;

/**
 * Tells people what happened. Delivery problems are retried and logged by the adapter, never
 * thrown: a notification must not fail a deployment.
 */
public interface Notifier {
  void notify(DeploymentEvent event);
}
