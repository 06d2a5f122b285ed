package dev.fogbank.shared.estimate;

/** The prices an estimate reads: one lookup per distinct {@link PriceQuery}. */
public interface PriceBook {
  PriceLookup price(PriceQuery query);
}
