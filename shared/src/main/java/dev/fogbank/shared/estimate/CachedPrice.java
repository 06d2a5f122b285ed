package dev.fogbank.shared.estimate;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A cached answer of the price source: the price, or the knowledge that there is none (so that an
 * unknown instance type is not asked for again on every estimate), and when it was fetched.
 */
public record CachedPrice(PriceQuery query, Optional<UnitPrice> price, Instant fetchedAt) {
  public CachedPrice {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(fetchedAt, "fetchedAt");
    price = price == null ? Optional.empty() : price;
  }
}
