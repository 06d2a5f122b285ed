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
    static final java.util.Optional<SlackWebhookNotifier> WEBHOOK = build();

    private static java.util.Optional<SlackWebhookNotifier> build() {
      Map<String, String> env = System.getenv();
      String secretArn = env.get(ControlPlaneEnvironment.SLACK_SECRET_ARN);
      if (secretArn == null) {
        return java.util.Optional.empty();
      }
      AwsClientFactory aws = AwsClientFactory.create(FunctionEnvironment.awsSettings(env));
      return new SecretsManagerWebhook(aws.secretsManager(), secretArn)
          .read()
          .map(SlackWebhookNotifier::new);
    }
  }

  public static Notifier notifier() {
    return Holder.WEBHOOK
        .<Notifier>map(webhook -> webhook)
        .orElse(event -> StructuredLog.warn("slack_not_configured", Map.of()));
  }

  /** Posts an already rendered Slack message (a Budgets alert) to the same webhook. */
  public static java.util.function.Consumer<String> payloads() {
    return Holder.WEBHOOK
        .<java.util.function.Consumer<String>>map(webhook -> webhook::post)
        .orElse(payload -> StructuredLog.warn("slack_not_configured", Map.of()));
  }
}
