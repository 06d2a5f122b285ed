package dev.fogbank.shared.notify;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.metrics.Metric;
import dev.fogbank.shared.metrics.Metrics;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Routes each event to the channels that want it ({@link NotificationChannel#wants}), renders it
 * once ({@link SlackMessageRenderer}) and posts it to each channel's webhook ({@link
 * WebhookPoster}). What a channel does not get after every attempt becomes a dead letter ({@link
 * FailedNotifications}), to be re-sent by {@link #retry}: nothing is dropped silently.
 *
 * <p>The slack function and local mode use this same class; they differ only in where the
 * channels and webhook URLs come from.
 */
public final class NotificationDispatcher implements Notifier {
  /**
   * What one channel got.
   *
   * @param code null when delivered; else why not ({@link ErrorCode})
   * @param failedId the dead letter kept for it; null when delivered or not kept (a test message)
   */
  public record ChannelResult(
      String channel,
      boolean delivered,
      ErrorCode code,
      String message,
      Integer status,
      int attempts,
      String failedId) {}

  private final NotificationChannels channels;
  private final List<NotificationChannel> fallback;
  private final WebhookUrls urls;
  private final WebhookPoster poster;
  private final SlackMessageRenderer renderer;
  private final FailedNotifications failed;
  private final Clock clock;
  private final StructuredLog log;

  /**
   * @param fallback the channels used while none are configured (the control plane's single
   *     webhook secret, or local mode's {@code --slack-webhook}); may be empty
   */
  public NotificationDispatcher(
      NotificationChannels channels,
      List<NotificationChannel> fallback,
      WebhookUrls urls,
      WebhookPoster poster,
      SlackMessageRenderer renderer,
      FailedNotifications failed,
      Clock clock,
      StructuredLog log) {
    this.channels = Objects.requireNonNull(channels, "channels");
    this.fallback = List.copyOf(fallback);
    this.urls = Objects.requireNonNull(urls, "urls");
    this.poster = Objects.requireNonNull(poster, "poster");
    this.renderer = Objects.requireNonNull(renderer, "renderer");
    this.failed = Objects.requireNonNull(failed, "failed");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
  }

  /** The channels in force: the configured ones, or the fallback while there are none. */
  public List<NotificationChannel> channels() {
    List<NotificationChannel> configured = channels.list();
    return configured.isEmpty() ? fallback : configured;
  }

  /** The channels store (for the routes that show and replace them). */
  public NotificationChannels store() {
    return channels;
  }

  /** The dead letters (for the route that lists them). */
  public FailedNotifications failed() {
    return failed;
  }

  @Override
  public void notify(DeploymentEvent event) {
    tryNotify(event);
  }

  /**
   * Delivers to every channel that wants the event. True when each either got it or holds it as a
   * dead letter; false when something could not even be kept (the channels or the table could
   * not be read or written): then the caller should have the whole event retried.
   */
  @Override
  public boolean tryNotify(DeploymentEvent event) {
    List<NotificationChannel> wanting;
    String payload;
    try {
      wanting = channels().stream().filter(c -> c.wants(event)).toList();
      payload = renderer.render(event);
    } catch (RuntimeException e) {
      warn("notification_not_routed", event, null, code(e), e.getMessage());
      return false;
    }
    boolean kept = true;
    for (NotificationChannel channel : wanting) {
      ChannelResult result = send(channel, payload);
      if (!result.delivered()) {
        kept &= deadLetter(channel, event, result);
      }
    }
    return kept;
  }

  /** Sends a test message to every channel in force; nothing is kept for those that fail. */
  public List<ChannelResult> test(String by) {
    List<ChannelResult> results = new ArrayList<>();
    for (NotificationChannel channel : channels()) {
      results.add(send(channel, renderer.renderTest(channel.name(), by)));
    }
    return results;
  }

  /**
   * Re-sends dead letter {@code id} to its channel: delivered, it is removed; not, it is kept with
   * the new reason and attempt count.
   *
   * @throws DeploymentException NOT_FOUND for an unknown id or a channel no longer configured
   */
  public ChannelResult retry(String id) {
    FailedNotification letter =
        (FailedNotification.isId(id) ? failed.get(id) : java.util.Optional.<FailedNotification>empty())
            .orElseThrow(
                () ->
                    new DeploymentException(
                        ErrorCode.NOT_FOUND, "no failed notification '" + id + "'"));
    NotificationChannel channel =
        channels().stream()
            .filter(c -> c.name().equals(letter.channel()))
            .findFirst()
            .orElseThrow(
                () ->
                    new DeploymentException(
                        ErrorCode.NOT_FOUND,
                        "failed notification "
                            + id
                            + " was for channel '"
                            + letter.channel()
                            + "', which is no longer configured: add it back to retry"));
    ChannelResult result = send(channel, renderer.render(letter.event()));
    if (result.delivered()) {
      failed.remove(id);
      return result;
    }
    failed.put(
        letter.failedAgain(
            result.code(), result.message(), result.status(), result.attempts(), clock.instant()));
    return new ChannelResult(
        result.channel(),
        false,
        result.code(),
        result.message(),
        result.status(),
        result.attempts(),
        id);
  }

  /** Reads the channel's URL and posts; a 404/410 re-reads the secret once (it may be rotated). */
  ChannelResult send(NotificationChannel channel, String payload) {
    URI url;
    try {
      url = urls.url(channel.secretId());
    } catch (DeploymentException e) {
      return new ChannelResult(channel.name(), false, e.code(), e.getMessage(), null, 0, null);
    }
    WebhookPoster.Delivery delivery = poster.post(url, payload);
    int attempts = delivery.attempts();
    if (delivery.code() == ErrorCode.WEBHOOK_NOT_FOUND) {
      urls.forget(channel.secretId());
      try {
        URI fresh = urls.url(channel.secretId());
        if (!fresh.equals(url)) {
          url = fresh;
          delivery = poster.post(url, payload);
          attempts += delivery.attempts();
        }
      } catch (DeploymentException e) {
        return new ChannelResult(channel.name(), false, e.code(), e.getMessage(), null, attempts, null);
      }
    }
    if (delivery.delivered()) {
      return new ChannelResult(channel.name(), true, null, null, delivery.status(), attempts, null);
    }
    return new ChannelResult(
        channel.name(),
        false,
        delivery.code(),
        "channel '" + channel.name() + "': " + delivery.message(url.getHost()),
        delivery.status(),
        attempts,
        null);
  }

  private boolean deadLetter(NotificationChannel channel, DeploymentEvent event, ChannelResult r) {
    FailedNotification letter =
        new FailedNotification(
            FailedNotification.newId(clock.instant()),
            channel.name(),
            event,
            r.code(),
            r.message(),
            r.status(),
            r.attempts(),
            clock.instant(),
            null);
    // Counted once per dead letter; channel names are not a dimension (docs/operations.md).
    Metrics.current()
        .count(
            Metric.NOTIFICATION_FAILURES,
            "webhook",
            Metrics.about(event.deploymentId(), event.stackName()));
    try {
      failed.put(letter);
    } catch (RuntimeException e) {
      warn("notification_lost", event, channel.name(), code(e), r.message());
      return false;
    }
    Map<String, Object> fields = fields(event, channel.name(), r.code().name(), r.message());
    fields.put("failedId", letter.id());
    log.log(StructuredLog.Level.WARN, "notification_dead_lettered", fields);
    return true;
  }

  private void warn(
      String name, DeploymentEvent event, String channel, String code, String message) {
    log.log(StructuredLog.Level.WARN, name, fields(event, channel, code, message));
  }

  private static Map<String, Object> fields(
      DeploymentEvent event, String channel, String code, String message) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("channel", channel);
    fields.put("kind", event.kind() == null ? null : event.kind().name());
    fields.put("deploymentId", event.deploymentId());
    fields.put("stack", event.stackName());
    fields.put("code", code);
    fields.put("error", message);
    return fields;
  }

  private static String code(RuntimeException e) {
    return e instanceof DeploymentException d ? d.code().name() : ErrorCode.INTERNAL.name();
  }
}
