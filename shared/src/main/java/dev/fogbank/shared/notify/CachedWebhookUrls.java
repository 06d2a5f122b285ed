package dev.fogbank.shared.notify;

import dev.fogbank.shared.cache.KeptValues;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Webhook URLs read through {@code reader} and kept {@link #TTL} (a warm slack function reads each
 * secret once in that time), forgotten on a 404/410 so that a rotated secret is read again.
 */
public final class CachedWebhookUrls implements WebhookUrls {
  public static final Duration TTL = Duration.ofMinutes(15);

  private final Function<String, Optional<URI>> reader;
  private final KeptValues<String, URI> kept;

  /**
   * @param reader the URL in a secret; empty when the secret is empty; throws a {@link
   *     DeploymentException} when it cannot be read
   */
  public CachedWebhookUrls(Function<String, Optional<URI>> reader, Clock clock) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.kept = new KeptValues<>(TTL, clock);
  }

  /** Each secret read by {@link SecretsManagerWebhook} (https URLs only). */
  public static CachedWebhookUrls secretsManager(SecretsManagerClient secrets, Clock clock) {
    return new CachedWebhookUrls(id -> new SecretsManagerWebhook(secrets, id).read(), clock);
  }

  @Override
  public URI url(String secretId) {
    return kept.get(secretId, this::read);
  }

  @Override
  public void forget(String secretId) {
    kept.forget(secretId);
  }

  private URI read(String secretId) {
    Optional<URI> url;
    try {
      url = reader.apply(secretId);
    } catch (DeploymentException e) {
      if (e.code() == ErrorCode.AWS_UNAVAILABLE) {
        throw e; // an outage: worth retrying as it is
      }
      // Missing, revoked, refused or malformed: the secret's id is named, never its value.
      throw new DeploymentException(
          ErrorCode.WEBHOOK_SECRET_MISSING,
          "the webhook secret '" + secretId + "' could not be used: " + e.getMessage());
    }
    return url.orElseThrow(
        () ->
            new DeploymentException(
                ErrorCode.WEBHOOK_SECRET_MISSING,
                "the webhook secret '" + secretId + "' is empty: put the webhook URL in it"));
  }
}
