package dev.fogbank.shared.notify;

import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Slack webhook URL lives in Secrets Manager, never in environment variables or logs. An
 * empty secret means "Slack not configured".
 */
public final class SecretsManagerWebhook {
  private final SecretsManagerClient secrets;
  private final String secretId;

  public SecretsManagerWebhook(SecretsManagerClient secrets, String secretId) {
    this.secrets = secrets;
    this.secretId = secretId;
  }

  public Optional<URI> read() {
    String value;
    try {
      value = secrets.getSecretValue(b -> b.secretId(secretId)).secretString();
    } catch (SdkException e) {
      // A missing secret or permission is the control plane's setup, not an outage. The secret's
      // value never appears in AWS's messages, only its id.
      throw AwsFailures.failure(
          "Secrets Manager GetSecretValue of the Slack webhook secret", e, ErrorCode.INTERNAL);
    }
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = URI.create(value.trim());
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
