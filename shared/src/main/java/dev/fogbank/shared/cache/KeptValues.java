package dev.fogbank.shared.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values read from a slower store and kept for a while in this process: a warm Lambda container
 * or the local runtime reads each at most once per {@code keepFor}, and a change made elsewhere
 * shows within that time. The one in-memory expiry used for secrets, webhook URLs and
 * notification channels. A read that throws keeps nothing, so the next call reads again.
 *
 * @param <K> what a value is read by (a secret's id; a constant for a single value)
 */
public final class KeptValues<K, V> {
  private record Kept<V>(V value, Instant readAt) {}

  private final Duration keepFor;
  private final Clock clock;
  private final Map<K, Kept<V>> kept = new ConcurrentHashMap<>();

  public KeptValues(Duration keepFor, Clock clock) {
    this.keepFor = Objects.requireNonNull(keepFor, "keepFor");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The value kept for {@code key} if it was read less than {@code keepFor} ago, else read now. */
  public V get(K key, Function<? super K, ? extends V> read) {
    Instant now = clock.instant();
    Kept<V> known = kept.get(key);
    if (known != null && now.isBefore(known.readAt().plus(keepFor))) {
      return known.value();
    }
    V value = read.apply(key);
    kept.put(key, new Kept<>(value, now));
    return value;
  }

  /** Keeps {@code value} as just read (a write through this process is seen at once). */
  public void put(K key, V value) {
    kept.put(key, new Kept<>(value, clock.instant()));
  }

  /** Forgets {@code key}'s value: the next get reads it again. */
  public void forget(K key) {
    kept.remove(key);
  }
}
