package dev.fogbank.shared.notify;

import dev.fogbank.shared.error.ErrorCode;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A dead letter: an event one channel did not get after every attempt, kept until it is re-sent
 * ({@code POST /notifications/failed/{id}/retry}) so that nothing is dropped silently.
 *
 * @param id {@code nf-<epoch millis, 13 digits>-<8 hex>}: sorts by time, safe in a path
 * @param channel the channel's name
 * @param event the whole event, so a retry renders the same message
 * @param code why: WEBHOOK_SECRET_MISSING, WEBHOOK_NOT_FOUND, WEBHOOK_REJECTED or
 *     WEBHOOK_UNAVAILABLE (AWS_UNAVAILABLE when Secrets Manager could not be reached)
 * @param message what went wrong, naming the secret id or webhook host, never the URL
 * @param status the webhook's last HTTP status; null when none came back
 * @param attempts POSTs made in all, retries included
 * @param failedAt the first failure
 * @param lastTriedAt the latest attempt (a retry that failed again)
 */
public record FailedNotification(
    String id,
    String channel,
    DeploymentEvent event,
    ErrorCode code,
    String message,
    Integer status,
    int attempts,
    Instant failedAt,
    Instant lastTriedAt) {
  public FailedNotification {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(failedAt, "failedAt");
  }

  /** A new id for a failure at {@code at}. */
  public static String newId(Instant at) {
    String random = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    return String.format(Locale.ROOT, "nf-%013d-%s", at.toEpochMilli(), random);
  }

  /** Whether {@code text} has the shape of an id (checked before it reaches the table). */
  public static boolean isId(String text) {
    return text != null && text.matches("nf-\\d{13}-[0-9a-f]{8}");
  }

  /** The same dead letter after a retry that failed again. */
  public FailedNotification failedAgain(
      ErrorCode newCode, String newMessage, Integer newStatus, int moreAttempts, Instant at) {
    return new FailedNotification(
        id, channel, event, newCode, newMessage, newStatus, attempts + moreAttempts, failedAt, at);
  }
}
