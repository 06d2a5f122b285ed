package dev.fogbank.shared.estimate;

/**
 * Where prices come from when the cache does not hold them: the AWS Price List Query API, or
 * nothing at all (offline). Fails with a {@link dev.fogbank.shared.error.DeploymentException} when
 * the source cannot answer.
 */
public interface PriceSource {

  /** {@link PriceLookup.Found} or {@link PriceLookup.NotFound}; never Unavailable (it throws). */
  PriceLookup fetch(PriceQuery query);

  /** No source: every price not cached or imported is missing, and says how to get it. */
  static PriceSource offline() {
    return new Offline();
  }

  /** See {@link #offline()}. */
  final class Offline implements PriceSource, CachingPriceBook.OfflineMarker {
    private Offline() {}

    @Override
    public PriceLookup fetch(PriceQuery query) {
      return new PriceLookup.NotFound(
          "not in the price cache and no price source (import a price file written by fogbank"
              + " prices refresh)");
    }
  }
}
