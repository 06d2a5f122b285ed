package dev.fogbank.functions.wiring;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.notify.SecretsManagerWebhook;
import dev.fogbank.shared.notify.SlackWebhookNotifier;
import dev.fogbank.shared.log.StructuredLog;
import java.util.Map;

/**
 * The slack function needs only Secrets Manager: no Dagger graph, no table, so its artifact and
 * cold start stay small. The webhook is read once per container.
 */
public final class SlackWiring {
  private SlackWiring() {}

  private static final class Holder {
    static final Notifier NOTIFIER = build();

    private static Notifier build() {
      String secretArn = System.getenv("FOGBANK_SLACK_SECRET_ARN");
      if (secretArn == null) {
        return event -> StructuredLog.warn("slack_not_configured", Map.of());
      }
      String endpoint = System.getenv("FOGBANK_AWS_ENDPOINT");
      String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
      AwsClientFactory aws =
          AwsClientFactory.create(
              endpoint == null || endpoint.isBlank()
                  ? AwsSettings.of(region)
                  : AwsSettings.of(region, java.net.URI.create(endpoint)));
      return new SecretsManagerWebhook(aws.secretsManager(), secretArn)
          .read()
          .<Notifier>map(SlackWebhookNotifier::new)
          .orElse(event -> StructuredLog.warn("slack_not_configured", Map.of()));
    }
  }

  public static Notifier notifier() {
    return Holder.NOTIFIER;
  }
}
