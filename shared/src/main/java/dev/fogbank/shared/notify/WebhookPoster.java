package dev.fogbank.shared.notify;

import dev.fogbank.shared.error.ErrorCode;
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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * POSTs a JSON payload to a Slack incoming webhook the way Slack asks: at most one message per
 * {@link #minInterval} per webhook (Slack allows about one a second), a 429's {@code Retry-After}
 * honoured, 5xx and I/O failures retried with jittered exponential backoff ({@value #MAX_ATTEMPTS}
 * attempts in all), any other 4xx not retried (the request is wrong; retrying cannot help).
 *
 * <p>The webhook URL is a credential: it never appears in a {@link Delivery}, only its host.
 */
public final class WebhookPoster {
  static final int MAX_ATTEMPTS = 3;
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  static final Duration BASE_BACKOFF = Duration.ofMillis(250);

  /** Slack's documented rate for incoming webhooks: about one message per second. */
  public static final Duration SLACK_INTERVAL = Duration.ofSeconds(1);

  /** Longest Retry-After honoured; Slack's own values are seconds, a Lambda has minutes. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(10);

  /**
   * What became of one payload.
   *
   * @param code null when delivered; else {@link ErrorCode#WEBHOOK_NOT_FOUND} (404/410: the
   *     webhook was revoked or its channel deleted), {@link ErrorCode#WEBHOOK_REJECTED} (another
   *     4xx) or {@link ErrorCode#WEBHOOK_UNAVAILABLE} (429, 5xx or I/O after every attempt)
   * @param status the last HTTP status; null when none came back
   * @param detail Slack's short error (e.g. {@code invalid_payload}) or the I/O failure's type
   */
  public record Delivery(ErrorCode code, int attempts, Integer status, String detail) {
    public boolean delivered() {
      return code == null;
    }

    /** What went wrong, for a log line or a dead letter; never the URL. */
    public String message(String host) {
      String what =
          code == ErrorCode.WEBHOOK_NOT_FOUND
              ? "the webhook is gone (revoked, or its channel deleted)"
              : code == ErrorCode.WEBHOOK_REJECTED
                  ? "the webhook refused the message"
                  : "the webhook did not take the message";
      return what
          + " at "
          + host
          + " after "
          + attempts
          + (attempts == 1 ? " attempt" : " attempts")
          + (status == null ? "" : " (HTTP " + status + ")")
          + (detail == null ? "" : ": " + detail);
    }
  }

  private final HttpClient http;
  private final Pause pause;
  private final DoubleSupplier random;
  private final LongSupplier nanoTime;
  private final Duration minInterval;
  // Per webhook: System.nanoTime() before which the next POST must not start.
  private final Map<URI, Long> nextSlot = new ConcurrentHashMap<>();

  public WebhookPoster(
      HttpClient http,
      Pause pause,
      DoubleSupplier random,
      LongSupplier nanoTime,
      Duration minInterval) {
    this.http = Objects.requireNonNull(http, "http");
    this.pause = Objects.requireNonNull(pause, "pause");
    this.random = Objects.requireNonNull(random, "random");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
  }

  /** The JDK client, real sleeps, Slack's one message a second per webhook. */
  public static WebhookPoster create() {
    return new WebhookPoster(
        defaultClient(),
        Pause.SYSTEM,
        () -> ThreadLocalRandom.current().nextDouble(),
        System::nanoTime,
        SLACK_INTERVAL);
  }

  static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        // A redirect would resend the payload somewhere we did not configure.
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** Posts {@code payload} to {@code webhook} (checked by {@link #requireWebhook}). */
  public Delivery post(URI webhook, String payload) {
    requireWebhook(webhook);
    HttpRequest request =
        HttpRequest.newBuilder(webhook)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
            .build();
    Integer lastStatus = null;
    String lastError = null;
    Duration wait = Duration.ZERO;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        sleep(webhook, wait, attempt > 1);
        HttpResponse<String> response =
            http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return new Delivery(null, attempt, status, null);
        }
        lastStatus = status;
        // Slack answers errors with a short code such as "invalid_payload" or "no_service".
        lastError = snippet(response.body());
        if (status == 404 || status == 410) {
          return new Delivery(ErrorCode.WEBHOOK_NOT_FOUND, attempt, status, lastError);
        }
        if (status != 429 && status < 500) {
          return new Delivery(ErrorCode.WEBHOOK_REJECTED, attempt, status, lastError);
        }
        wait = status == 429 ? retryAfter(response).orElse(backoff(attempt)) : backoff(attempt);
      } catch (IOException e) {
        lastStatus = null;
        lastError = e.getClass().getSimpleName(); // messages may quote the URL
        wait = backoff(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Delivery(ErrorCode.WEBHOOK_UNAVAILABLE, attempt, lastStatus, "interrupted");
      }
    }
    return new Delivery(ErrorCode.WEBHOOK_UNAVAILABLE, MAX_ATTEMPTS, lastStatus, lastError);
  }

  /**
   * Waits {@code wait} (a backoff or Retry-After; zero before the first attempt), and at least
   * until this webhook's next slot; then takes the slot after it.
   */
  private void sleep(URI webhook, Duration wait, boolean retry) throws InterruptedException {
    long now = nanoTime.getAsLong();
    long untilSlot = Math.max(0, nextSlot.getOrDefault(webhook, now) - now);
    long nanos = Math.max(wait.toNanos(), untilSlot);
    if (retry || nanos > 0) {
      pause.sleep(Duration.ofNanos(nanos));
    }
    nextSlot.put(webhook, nanoTime.getAsLong() + minInterval.toNanos());
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

  private static String snippet(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    String line = body.strip().replaceAll("\\p{Cntrl}", " ");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  /** https, or plain http to a loopback stand-in: the URL is a secret, never sent in clear. */
  static URI requireWebhook(URI webhook) {
    Objects.requireNonNull(webhook, "webhook");
    String scheme = webhook.getScheme() == null ? "" : webhook.getScheme().toLowerCase(Locale.ROOT);
    String host = webhook.getHost();
    boolean loopback =
        host != null
            && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"));
    if (host == null || !(scheme.equals("https") || (scheme.equals("http") && loopback))) {
      throw new IllegalArgumentException("Slack webhook must be an https URL (host: " + host + ")");
    }
    return webhook;
  }
}
