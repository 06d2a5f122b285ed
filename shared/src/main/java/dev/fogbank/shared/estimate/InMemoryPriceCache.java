package dev.fogbank.shared.estimate;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link PriceCache} in memory: a price file given to one command ({@code --prices FILE}). */
public final class InMemoryPriceCache implements PriceCache {
  private final Map<PriceQuery, CachedPrice> prices = new ConcurrentHashMap<>();

  @Override
  public Optional<CachedPrice> get(PriceQuery query) {
    return Optional.ofNullable(prices.get(query));
  }

  @Override
  public void put(CachedPrice price) {
    prices.put(price.query(), price);
  }
}
