package dev.fogbank.shared.estimate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A price book that asks a {@link PriceSource} directly and remembers every price it was given:
 * what {@code fogbank prices refresh} writes to a price file after estimating the templates it is
 * given (and the bundled catalogue of common resources).
 */
public final class RecordingPriceBook implements PriceBook {
  private final PriceSource source;
  private final Clock clock;
  private final Map<PriceQuery, PriceLookup> seen = new LinkedHashMap<>();

  public RecordingPriceBook(PriceSource source, Clock clock) {
    this.source = source;
    this.clock = clock;
  }

  @Override
  public synchronized PriceLookup price(PriceQuery query) {
    return seen.computeIfAbsent(
        query,
        q -> {
          try {
            return source.fetch(q);
          } catch (dev.fogbank.shared.error.DeploymentException e) {
            return new PriceLookup.Unavailable(e.getMessage());
          }
        });
  }

  /** Every price found, fetched now. */
  public synchronized List<CachedPrice> found() {
    List<CachedPrice> out = new ArrayList<>();
    seen.forEach(
        (q, lookup) -> {
          if (lookup instanceof PriceLookup.Found f) {
            out.add(new CachedPrice(q, Optional.of(f.price()), clock.instant()));
          }
        });
    return out;
  }

  /** How many lookups could not be answered (the refresh reports them). */
  public synchronized List<String> problems() {
    List<String> out = new ArrayList<>();
    seen.forEach(
        (q, lookup) -> {
          if (lookup instanceof PriceLookup.Unavailable u) {
            out.add(q.describe() + " in " + q.region() + ": " + u.reason());
          } else if (lookup instanceof PriceLookup.NotFound nf) {
            out.add(q.describe() + " in " + q.region() + ": not in the Price List");
          }
        });
    return out;
  }
}
