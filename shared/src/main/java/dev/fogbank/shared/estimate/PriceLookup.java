package dev.fogbank.shared.estimate;

import java.util.Objects;

/** What asking for one price gave: a price, no such product, or no answer from the source. */
public sealed interface PriceLookup {

  /** The price list has it. */
  record Found(UnitPrice price) implements PriceLookup {
    public Found {
      Objects.requireNonNull(price, "price");
    }
  }

  /** The price list (or the price file) has no product with these attributes in the region. */
  record NotFound(String reason) implements PriceLookup {}

  /** The source could not be asked (throttled past its retries, down, refused): not cached. */
  record Unavailable(String reason) implements PriceLookup {}
}
