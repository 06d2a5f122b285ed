package dev.fogbank.shared.notify;

import dev.fogbank.shared.cache.KeptValues;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The channels read at most once per {@code ttl} (the slack function reads them for every event;
 * a change reaches a warm container within the TTL). A replace through this cache is seen at once
 * by this process.
 */
public final class CachedNotificationChannels implements NotificationChannels {
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(1);

  private static final String ALL = "channels";

  private final NotificationChannels store;
  private final KeptValues<String, List<NotificationChannel>> kept;

  public CachedNotificationChannels(NotificationChannels store, Clock clock, Duration ttl) {
    this.store = Objects.requireNonNull(store, "store");
    this.kept = new KeptValues<>(ttl, clock);
  }

  @Override
  public synchronized List<NotificationChannel> list() {
    return kept.get(ALL, all -> store.list());
  }

  @Override
  public synchronized void replace(List<NotificationChannel> channels, String by) {
    store.replace(channels, by);
    kept.put(ALL, List.copyOf(channels));
  }
}
