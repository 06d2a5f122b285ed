package dev.fogbank.shared.secret;

import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.cache.KeptValues;
import dev.fogbank.shared.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A secret in Secrets Manager, read with GetSecretValue and kept for {@link #CACHE_FOR}: a warm
 * function does not call Secrets Manager per request, and a rotated value applies within minutes.
 * A blank value reads as empty (set after bootstrap). The value never appears in a message.
 */
public final class SecretsManagerSecret implements SecretSource {
  public static final Duration CACHE_FOR = Duration.ofMinutes(5);

  private final Supplier<SecretsManagerClient> secrets;
  private final String secretId;
  private final String what;
  private final KeptValues<String, Optional<String>> kept;

  /**
   * @param what the secret's purpose for messages, e.g. "the Slack webhook secret"
   */
  public SecretsManagerSecret(
      Supplier<SecretsManagerClient> secrets, String secretId, String what, Clock clock) {
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.secretId = Objects.requireNonNull(secretId, "secretId");
    this.what = what;
    this.kept = new KeptValues<>(CACHE_FOR, clock);
  }

  @Override
  public Optional<String> read() {
    return kept.get(secretId, this::readNow);
  }

  /** Forgets the kept value: the next read asks Secrets Manager (e.g. after a rotation). */
  public void forget() {
    kept.forget(secretId);
  }

  private Optional<String> readNow(String secretId) {
    String value;
    try {
      value = secrets.get().getSecretValue(b -> b.secretId(secretId)).secretString();
    } catch (SdkException e) {
      // A missing secret or permission is the control plane's setup, not an outage. AWS's
      // messages name the secret's id, never its value.
      throw AwsFailures.failure(
          "Secrets Manager GetSecretValue of " + what, e, ErrorCode.INTERNAL);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
