package dev.fogbank.shared.estimate;

import dev.fogbank.shared.error.DeploymentException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The price book estimates read: a price fresher than the refresh period comes from memory or the
 * {@link PriceCache}; otherwise it is fetched from the {@link PriceSource} once and cached, its
 * absence included. A source that cannot answer (throttled past the SDK's retries, down, refused)
 * makes the price {@link PriceLookup.Unavailable} for this estimate; nothing is cached, so the next
 * estimate asks again.
 */
public final class CachingPriceBook implements PriceBook {
  /** How long a fetched price is used before it is fetched again, unless told otherwise. */
  public static final Duration DEFAULT_REFRESH_PERIOD = Duration.ofDays(7);

  private final PriceCache cache;
  private final PriceSource source;
  private final Clock clock;
  private final Duration refreshPeriod;
  private final Map<PriceQuery, CachedPrice> memory = new ConcurrentHashMap<>();

  public CachingPriceBook(
      PriceCache cache, PriceSource source, Clock clock, Duration refreshPeriod) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refreshPeriod = Objects.requireNonNull(refreshPeriod, "refreshPeriod");
  }

  @Override
  public PriceLookup price(PriceQuery query) {
    CachedPrice known = memory.get(query);
    if (known == null || stale(known)) {
      // One fetch per query even when estimates run side by side in one container.
      synchronized (this) {
        known = memory.get(query);
        if (known == null || stale(known)) {
          Optional<CachedPrice> cached = cache.get(query).filter(c -> !stale(c));
          if (cached.isPresent()) {
            known = cached.get();
          } else {
            PriceLookup fetched;
            try {
              fetched = source.fetch(query);
            } catch (DeploymentException e) {
              return new PriceLookup.Unavailable(e.getMessage());
            }
            if (!(fetched instanceof PriceLookup.Found) && source instanceof OfflineMarker) {
              return fetched;
            }
            known =
                new CachedPrice(
                    query,
                    fetched instanceof PriceLookup.Found f
                        ? Optional.of(f.price())
                        : Optional.empty(),
                    clock.instant());
            cache.put(known);
          }
          memory.put(query, known);
        }
      }
    }
    return known
        .price()
        .<PriceLookup>map(PriceLookup.Found::new)
        .orElseGet(() -> new PriceLookup.NotFound("the AWS Price List has no such product"));
  }

  /** Refreshes {@code query} from the source now, whatever the cache holds (scheduled refresh). */
  public PriceLookup refresh(PriceQuery query) {
    synchronized (this) {
      memory.remove(query);
      PriceLookup fetched;
      try {
        fetched = source.fetch(query);
      } catch (DeploymentException e) {
        return new PriceLookup.Unavailable(e.getMessage());
      }
      CachedPrice known =
          new CachedPrice(
              query,
              fetched instanceof PriceLookup.Found f ? Optional.of(f.price()) : Optional.empty(),
              clock.instant());
      cache.put(known);
      memory.put(query, known);
      return fetched;
    }
  }

  private boolean stale(CachedPrice price) {
    Instant now = clock.instant();
    return !price.fetchedAt().plus(refreshPeriod).isAfter(now);
  }

  /**
   * A source whose "no price" means "not known here", not "AWS has no such product": its answer is
   * not cached, so a later import or refresh is used at once.
   */
  public interface OfflineMarker {}
}
