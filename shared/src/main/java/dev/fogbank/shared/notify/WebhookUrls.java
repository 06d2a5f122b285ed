package dev.fogbank.shared.notify;

import java.net.URI;

/**
 * Where a channel's webhook URL comes from: Secrets Manager in AWS ({@link
 * CachedWebhookUrls#secretsManager}), the data directory or environment locally.
 */
public interface WebhookUrls {
  /**
   * The webhook URL kept in {@code secretId}.
   *
   * @throws dev.fogbank.shared.error.DeploymentException with {@link
   *     dev.fogbank.shared.error.ErrorCode#WEBHOOK_SECRET_MISSING} when there is none (missing,
   *     empty, revoked, not a URL), or AWS_UNAVAILABLE when the store cannot be reached
   */
  URI url(String secretId);

  /** Forgets a cached URL: the webhook answered 404/410, the secret may have been rotated. */
  default void forget(String secretId) {}
}
