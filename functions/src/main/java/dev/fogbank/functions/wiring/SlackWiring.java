package dev.fogbank.functions.wiring;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.controlplane.ControlPlaneEnvironment;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.notify.CachedNotificationChannels;
import dev.fogbank.shared.notify.CachedWebhookUrls;
import dev.fogbank.shared.notify.DynamoDbFailedNotifications;
import dev.fogbank.shared.notify.DynamoDbNotificationChannels;
import dev.fogbank.shared.notify.NotificationChannel;
import dev.fogbank.shared.notify.NotificationDispatcher;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.notify.SlackMessageRenderer;
import dev.fogbank.shared.notify.WebhookPoster;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The slack function needs Secrets Manager (webhook URLs) and the table (channels, dead letters):
 * no Dagger graph, so its artifact and cold start stay small. Built once per container; the
 * channels are re-read every {@link CachedNotificationChannels#DEFAULT_TTL}, each webhook URL
 * every {@link CachedWebhookUrls#TTL} or on a 404/410.
 */
public final class SlackWiring {
  private SlackWiring() {}

  /** The fallback channel's name: the control plane's own webhook secret, while none is set. */
  public static final String DEFAULT_CHANNEL = "default";

  private static final class Holder {
    static final Notifier NOTIFIER = build();

    private static Notifier build() {
      Map<String, String> env = System.getenv();
      String table = env.get(ControlPlaneEnvironment.TABLE);
      if (table == null) {
        return event -> StructuredLog.warn("slack_not_configured", Map.of());
      }
      AwsClientFactory aws = AwsClientFactory.create(FunctionEnvironment.awsSettings(env));
      NotificationDispatcher dispatcher =
          dispatcher(aws, table, env.get(ControlPlaneEnvironment.SLACK_SECRET_ARN));
      SnapStartPriming.register("slack", () -> prime(aws, table));
      return dispatcher;
    }

    /**
     * SnapStart priming for an SNS notification: the clients the dispatcher calls (DynamoDB for
     * the channels and dead letters, Secrets Manager for the webhook URLs) built, the event read
     * as the handler reads it and rendered as the Slack message, one read-only table read. No
     * webhook is posted to and no secret read.
     */
    private static void prime(AwsClientFactory aws, String table) {
      aws.dynamoDb();
      aws.secretsManager();
      dev.fogbank.shared.notify.BudgetNotification.parse(SAMPLE_EVENT);
      dev.fogbank.shared.notify.DeploymentEvent event =
          SnapStartPriming.json(SAMPLE_EVENT, dev.fogbank.shared.notify.DeploymentEvent.class);
      SlackMessageRenderer.withConsole(System.getenv(ControlPlaneEnvironment.CONSOLE_URL))
          .render(event);
      SnapStartPriming.readOnlyTableRead(aws, table);
    }

    private static final String SAMPLE_EVENT =
        """
        {"kind": "FAILED", "deploymentId": "d-20260101T000000-000000000000",
         "stackName": "priming", "account": "000000000000", "region": "us-east-1",
         "source": "api", "requester": "arn:aws:iam::000000000000:user/priming",
         "at": "2026-01-01T00:00:00Z", "durationMillis": 1000}
        """;
  }

  /** Routed delivery over the control table and Secrets Manager. */
  public static NotificationDispatcher dispatcher(
      AwsClientFactory aws, String table, String defaultSecretId) {
    Clock clock = Clock.systemUTC();
    List<NotificationChannel> fallback =
        defaultSecretId == null
            ? List.of()
            : List.of(new NotificationChannel(DEFAULT_CHANNEL, defaultSecretId, null, null, null));
    return new NotificationDispatcher(
        new CachedNotificationChannels(
            new DynamoDbNotificationChannels(aws.dynamoDb(), table, clock),
            clock,
            CachedNotificationChannels.DEFAULT_TTL),
        fallback,
        CachedWebhookUrls.secretsManager(aws.secretsManager(), clock),
        WebhookPoster.create(),
        SlackMessageRenderer.withConsole(
            System.getenv(dev.fogbank.shared.controlplane.ControlPlaneEnvironment.CONSOLE_URL)),
        new DynamoDbFailedNotifications(aws.dynamoDb(), table),
        clock,
        StructuredLog.stderr());
  }

  public static Notifier notifier() {
    return Holder.NOTIFIER;
  }
}
