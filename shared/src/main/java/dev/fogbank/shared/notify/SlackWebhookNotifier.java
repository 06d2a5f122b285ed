package dev.fogbank.shared.notify;

import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.metrics.Metric;
import dev.fogbank.shared.metrics.Metrics;
import dev.fogbank.shared.wait.Pause;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Posts deployment events to one Slack incoming webhook through a {@link WebhookPoster}
 * (transient failures retried, {@value #MAX_ATTEMPTS} attempts in all); whatever still fails is
 * logged as one JSON line. Routed delivery with dead letters is {@link NotificationDispatcher}.
 *
 * <p>The webhook URL is a credential (anyone holding it can post to the channel): it is never
 * logged, only its host.
 */
public final class SlackWebhookNotifier implements Notifier {
  static final int MAX_ATTEMPTS = WebhookPoster.MAX_ATTEMPTS;

  /** Longest Retry-After honoured (see {@link WebhookPoster}). */
  static final Duration MAX_RETRY_AFTER = WebhookPoster.MAX_RETRY_AFTER;

  private final URI webhook;
  private final SlackMessageRenderer renderer;
  private final StructuredLog log;
  private final WebhookPoster poster;

  /** Same as {@link #create(URI)}. */
  public SlackWebhookNotifier(URI webhook) {
    this(
        webhook,
        defaultClient(),
        new SlackMessageRenderer(),
        Pause.SYSTEM,
        StructuredLog.stderr(),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  SlackWebhookNotifier(
      URI webhook,
      HttpClient http,
      SlackMessageRenderer renderer,
      Pause pause,
      StructuredLog log,
      DoubleSupplier random) {
    this.webhook = WebhookPoster.requireWebhook(webhook);
    this.renderer = Objects.requireNonNull(renderer, "renderer");
    this.log = Objects.requireNonNull(log, "log");
    // No pacing here: one notifier per webhook, one event per call. Routed delivery
    // (NotificationDispatcher) shares one poster that keeps Slack's one message a second.
    this.poster =
        new WebhookPoster(
            http,
            Objects.requireNonNull(pause, "pause"),
            Objects.requireNonNull(random, "random"),
            System::nanoTime,
            Duration.ZERO);
  }

  /** A notifier with the JDK HTTP client, real sleeps and logging to standard error. */
  public static SlackWebhookNotifier create(URI webhook) {
    return new SlackWebhookNotifier(webhook);
  }

  public static SlackWebhookNotifier create(URI webhook, Pause pause, StructuredLog log) {
    return new SlackWebhookNotifier(
        webhook,
        defaultClient(),
        new SlackMessageRenderer(),
        pause,
        log,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  static HttpClient defaultClient() {
    return WebhookPoster.defaultClient();
  }

  @Override
  public void notify(DeploymentEvent event) {
    try {
      deliver(event);
    } catch (RuntimeException e) {
      // Rendering or client bugs: still never the deployment's problem.
      fail(event, 0, null, e.getClass().getSimpleName());
    }
  }

  private void deliver(DeploymentEvent event) {
    WebhookPoster.Delivery delivery = poster.post(webhook, renderer.render(event));
    if (!delivery.delivered()) {
      fail(event, delivery.attempts(), delivery.status(), delivery.detail());
    }
  }

  private void fail(DeploymentEvent event, int attempts, Integer status, String error) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("notifier", "slack");
    fields.put("webhookHost", webhook.getHost());
    fields.put("deploymentId", event == null ? null : event.deploymentId());
    fields.put("stack", event == null ? null : event.stackName());
    fields.put("kind", event == null || event.kind() == null ? null : event.kind().name());
    fields.put("attempts", attempts);
    fields.put("status", status);
    fields.put("error", error);
    log.log(StructuredLog.Level.WARN, "notification_failed", fields);
    Metrics.current()
        .count(Metric.NOTIFICATION_FAILURES, "slack",
            Metrics.about((String) fields.get("deploymentId"), (String) fields.get("stack")));
  }

}
