package dev.fogbank.shared.notify;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.secret.SecretSource;
import dev.fogbank.shared.secret.SecretsManagerSecret;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Slack webhook URL lives in Secrets Manager, never in environment variables or logs. An
 * empty secret means "Slack not configured".
 */
public final class SecretsManagerWebhook {
  private final SecretSource secret;

  public SecretsManagerWebhook(SecretsManagerClient secrets, String secretId) {
    this(
        new SecretsManagerSecret(
            () -> secrets, secretId, "the Slack webhook secret", Clock.systemUTC()));
  }

  public SecretsManagerWebhook(SecretSource secret) {
    this.secret = secret;
  }

  public Optional<URI> read() {
    Optional<String> value = secret.read();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = URI.create(value.get());
      if (!"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("not https");
      }
      return Optional.of(uri);
    } catch (IllegalArgumentException e) {
      // Never echo the value: it is a secret even when malformed.
      throw new DeploymentException(
          ErrorCode.INVALID_REQUEST, "the Slack webhook secret is not an https URL");
    }
  }
}
