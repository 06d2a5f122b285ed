package dev.fogbank.functions.wiring;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.controlplane.ControlPlaneEnvironment;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.notify.SecretsManagerWebhook;
import dev.fogbank.shared.notify.SlackWebhookNotifier;
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
      Map<String, String> env = System.getenv();
      String secretArn = env.get(ControlPlaneEnvironment.SLACK_SECRET_ARN);
      if (secretArn == null) {
        return event -> StructuredLog.warn("slack_not_configured", Map.of());
      }
      AwsClientFactory aws = AwsClientFactory.create(FunctionEnvironment.awsSettings(env));
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
