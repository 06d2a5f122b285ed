package dev.fogbank.shared.estimate;

import java.util.Collection;
import java.util.Optional;

/** Prices kept between estimates: in the control table ({@code PRICE#} items). */
public interface PriceCache {
  Optional<CachedPrice> get(PriceQuery query);

  void put(CachedPrice price);

  /** Puts every price; a price file is imported through it. */
  default void putAll(Collection<CachedPrice> prices) {
    prices.forEach(this::put);
  }
}
