package dev.fogbank.shared.secret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.notify.SecretsManagerWebhook;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The one secret reader, through the real SDK against the emulator's Secrets Manager. */
@ExtendWith(AwsEndpointExtension.class)
class SecretsManagerSecretIT {
  private AwsClientFactory clients;
  private String secretId;
  private Instant now = Instant.parse("2026-12-07T02:00:00Z");

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    clients = aws.clients();
    secretId = "fogbank-test/" + UUID.randomUUID();
    clients.secretsManager().createSecret(r -> r.name(secretId).secretString("first"));
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void read_whenRotatedWithinFiveMinutes_thenCachedValue_afterThatTheNewOne() {
    SecretsManagerSecret secret =
        new SecretsManagerSecret(clients::secretsManager, secretId, "the test secret", clock());

    assertEquals(Optional.of("first"), secret.read());
    clients.secretsManager().putSecretValue(r -> r.secretId(secretId).secretString("second"));
    now = now.plusSeconds(299);
    assertEquals(Optional.of("first"), secret.read(), "cached: no GetSecretValue per request");
    now = now.plusSeconds(1);
    assertEquals(Optional.of("second"), secret.read());
  }

  @Test
  void read_whenBlank_thenEmpty_andWebhookNotConfigured() {
    clients.secretsManager().putSecretValue(r -> r.secretId(secretId).secretString(" "));
    SecretsManagerSecret secret =
        new SecretsManagerSecret(clients::secretsManager, secretId, "the test secret", clock());

    assertTrue(secret.read().isEmpty());
    assertTrue(new SecretsManagerWebhook(secret).read().isEmpty());
  }

  @Test
  void read_whenSecretMissing_thenInternalNamingWhatNotTheValue() {
    SecretsManagerSecret secret =
        new SecretsManagerSecret(
            clients::secretsManager, "fogbank-test/nope", "the Slack signing secret", clock());

    DeploymentException e = assertThrows(DeploymentException.class, secret::read);
    assertEquals(ErrorCode.INTERNAL, e.code());
    assertTrue(e.getMessage().contains("the Slack signing secret"), e.getMessage());
  }

  private Clock clock() {
    return new Clock() {
      @Override
      public Instant instant() {
        return now;
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
  }
}
