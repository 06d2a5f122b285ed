package dev.fogbank.shared.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.net.URI;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Channel webhook URLs through the real SDK against the emulator's Secrets Manager: read once and
 * cached, re-read after a 404 ({@code forget}), and a missing, deleted (revoked), empty or
 * malformed secret is WEBHOOK_SECRET_MISSING naming the secret id, never its value.
 */
@ExtendWith(AwsEndpointExtension.class)
class CachedWebhookUrlsIT {
  private static final String HOOK = "https://hooks.slack.com/services/T000/B000/SeCrEt";
  private AwsClientFactory clients;
  private SecretsManagerClient secrets;
  private CachedWebhookUrls urls;

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    clients = aws.clients();
    secrets = clients.secretsManager();
    urls = CachedWebhookUrls.secretsManager(secrets, Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  private String secret(String value) {
    String name = "fogbank/slack/" + System.nanoTime();
    secrets.createSecret(b -> b.name(name).secretString(value));
    return name;
  }

  @Test
  void url_whenSecretRotated_thenCachedUntilForgotten() {
    String id = secret(HOOK);
    assertEquals(URI.create(HOOK), urls.url(id));
    secrets.putSecretValue(b -> b.secretId(id).secretString(HOOK + "2"));

    assertEquals(URI.create(HOOK), urls.url(id), "cached");
    urls.forget(id); // the webhook answered 404
    assertEquals(URI.create(HOOK + "2"), urls.url(id));
  }

  @Test
  void url_whenSecretMissingOrRevoked_thenWebhookSecretMissing() {
    DeploymentException missing =
        assertThrows(DeploymentException.class, () -> urls.url("fogbank/slack/nope"));
    assertEquals(ErrorCode.WEBHOOK_SECRET_MISSING, missing.code());
    assertTrue(missing.getMessage().contains("fogbank/slack/nope"), missing.getMessage());

    String id = secret(HOOK);
    secrets.deleteSecret(b -> b.secretId(id).forceDeleteWithoutRecovery(true));
    DeploymentException revoked = assertThrows(DeploymentException.class, () -> urls.url(id));
    assertEquals(ErrorCode.WEBHOOK_SECRET_MISSING, revoked.code());
  }

  @Test
  void url_whenSecretBlankOrNotHttps_thenWebhookSecretMissingWithoutTheValue() {
    DeploymentException blank =
        assertThrows(DeploymentException.class, () -> urls.url(secret(" ")));
    assertEquals(ErrorCode.WEBHOOK_SECRET_MISSING, blank.code());
    assertTrue(blank.getMessage().contains("is empty"), blank.getMessage());

    DeploymentException plain =
        assertThrows(
            DeploymentException.class, () -> urls.url(secret("http://hooks.example/T0/SeCrEt")));
    assertEquals(ErrorCode.WEBHOOK_SECRET_MISSING, plain.code());
    assertFalse(plain.getMessage().contains("SeCrEt"), plain.getMessage());
  }
}
