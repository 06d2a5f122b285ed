package dev.fogbank.shared.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The channels read at most once per {@link #ttl} (the slack function reads them for every event;
 * a change reaches a warm container within the TTL). A replace through this cache is seen at once
 * by this process.
 */
public final class CachedNotificationChannels implements NotificationChannels {
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(1);

  private final NotificationChannels store;
  private final Clock clock;
  private final Duration ttl;
  private List<NotificationChannel> cached;
  private Instant readAt;

  public CachedNotificationChannels(NotificationChannels store, Clock clock, Duration ttl) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
  }

  @Override
  public synchronized List<NotificationChannel> list() {
    Instant now = clock.instant();
    if (cached == null || !now.isBefore(readAt.plus(ttl))) {
      cached = store.list();
      readAt = now;
    }
    return cached;
  }

  @Override
  public synchronized void replace(List<NotificationChannel> channels, String by) {
    store.replace(channels, by);
    cached = List.copyOf(channels);
    readAt = clock.instant();
  }
}
