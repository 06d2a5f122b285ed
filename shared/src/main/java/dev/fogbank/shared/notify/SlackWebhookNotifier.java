package dev.fogbank.shared.notify;

import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.wait.Pause;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Posts deployment events to a Slack incoming webhook. Transient failures (I/O, 429, 5xx) are
 * retried with exponential backoff and jitter, {@value #MAX_ATTEMPTS} attempts in all; whatever
 * still fails is logged as one JSON line and dropped, because a notification must never fail a
 * deployment.
 *
 * <p>The webhook URL is a credential (anyone holding it can post to the channel): it is never
 * logged, only its host.
 */
public final class SlackWebhookNotifier implements Notifier {
  static final int MAX_ATTEMPTS = 3;
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  static final Duration BASE_BACKOFF = Duration.ofMillis(250);

  /** Longest Retry-After honoured; Slack's own values are seconds, a Lambda has minutes. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(10);

  private final URI webhook;
  private final HttpClient http;
  private final SlackMessageRenderer renderer;
  private final Pause pause;
  private final StructuredLog log;
  private final DoubleSupplier random;

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
    this.webhook = requireWebhook(webhook);
    this.http = Objects.requireNonNull(http, "http");
    this.renderer = Objects.requireNonNull(renderer, "renderer");
    this.pause = Objects.requireNonNull(pause, "pause");
    this.log = Objects.requireNonNull(log, "log");
    this.random = Objects.requireNonNull(random, "random");
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
    return HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        // A redirect would resend the payload somewhere we did not configure.
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
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

  /**
   * Posts a payload rendered elsewhere (a Budgets alert: {@link BudgetAlertRenderer}) with the same
   * retries; what still fails is logged, never thrown.
   */
  public void post(String payload) {
    try {
      deliver(payload, null);
    } catch (RuntimeException e) {
      fail(null, 0, null, e.getClass().getSimpleName());
    }
  }

  private void deliver(DeploymentEvent event) {
    deliver(renderer.render(event), event);
  }

  private void deliver(String payload, DeploymentEvent event) {
    HttpRequest request =
        HttpRequest.newBuilder(webhook)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
            .build();
    Integer lastStatus = null;
    String lastError = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Duration wait;
      try {
        HttpResponse<String> response =
            http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return;
        }
        lastStatus = status;
        // Slack answers errors with a short code such as "invalid_payload" or "no_service".
        lastError = snippet(response.body());
        if (status != 429 && status < 500) {
          fail(event, attempt, status, lastError); // our request is wrong; retrying cannot help
          return;
        }
        wait = status == 429 ? retryAfter(response).orElse(backoff(attempt)) : backoff(attempt);
      } catch (IOException e) {
        lastStatus = null;
        lastError = e.getClass().getSimpleName(); // messages may quote the URL
        wait = backoff(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(event, attempt, lastStatus, "interrupted");
        return;
      }
      if (attempt < MAX_ATTEMPTS) {
        try {
          pause.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          fail(event, attempt, lastStatus, "interrupted");
          return;
        }
      }
    }
    fail(event, MAX_ATTEMPTS, lastStatus, lastError);
  }

  /** Equal jitter: half the exponential delay fixed, half random, so retries spread out. */
  Duration backoff(int attempt) {
    long exponential = BASE_BACKOFF.toMillis() << (attempt - 1);
    long half = exponential / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * half));
  }

  /** Retry-After in seconds or as an HTTP date, capped at {@link #MAX_RETRY_AFTER}. */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().trim();
    Duration wait;
    try {
      wait = Duration.ofSeconds(Long.parseLong(value));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        wait = Duration.between(java.time.Instant.now(), at.toInstant());
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
    if (wait.isNegative()) {
      wait = Duration.ZERO;
    }
    return Optional.of(wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
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
  }

  private static String snippet(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    String line = body.strip().replaceAll("\\p{Cntrl}", " ");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static URI requireWebhook(URI webhook) {
    Objects.requireNonNull(webhook, "webhook");
    String scheme = webhook.getScheme() == null ? "" : webhook.getScheme().toLowerCase(Locale.ROOT);
    String host = webhook.getHost();
    boolean loopback =
        host != null
            && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"));
    // The URL is a secret: plain http would send it in clear, except to a local stand-in.
    if (host == null || !(scheme.equals("https") || (scheme.equals("http") && loopback))) {
      throw new IllegalArgumentException("Slack webhook must be an https URL (host: " + host + ")");
    }
    return webhook;
  }
}
