package dev.fogbank.shared.estimate;

import dev.fogbank.shared.error.AwsUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The scheduled refresh (weekly by default): fetches again, whatever the cache holds, every price
 * of the {@link PriceCatalogue} in each region, so that estimates in reviews rarely wait on the
 * Price List. Prices only templates use are refreshed on their next miss, a refresh period after
 * they were fetched.
 */
public final class PriceRefresh {
  private final CachingPriceBook book;

  public PriceRefresh(CachingPriceBook book) {
    this.book = Objects.requireNonNull(book, "book");
  }

  /** What a refresh did. */
  public record Result(List<String> regions, int fetched, int notFound, List<String> unavailable) {
    public Result {
      regions = List.copyOf(regions);
      unavailable = List.copyOf(unavailable);
    }
  }

  /**
   * Refreshes {@code regions}; throws AWS_UNAVAILABLE (the schedule's retry runs it again) when the
   * Price List answered none of them.
   */
  public Result run(List<String> regions) {
    int[] fetched = {0};
    int[] notFound = {0};
    List<String> unavailable = new ArrayList<>();
    for (String region : regions) {
      PriceCatalogue.prime(
          query -> {
            // Each failure has already waited out the SDK's retries: after three with no answer
            // at all, ask nothing more (the estimator catches what a lookup throws, so stop here).
            if (fetched[0] == 0 && notFound[0] == 0 && unavailable.size() >= 3) {
              return new PriceLookup.Unavailable("not asked: the Price List is not answering");
            }
            PriceLookup lookup = book.refresh(query);
            switch (lookup) {
              case PriceLookup.Found f -> fetched[0]++;
              case PriceLookup.NotFound nf -> notFound[0]++;
              case PriceLookup.Unavailable u ->
                  unavailable.add(query.describe() + ": " + u.reason());
            }
            return lookup;
          },
          region);
    }
    if (fetched[0] == 0 && notFound[0] == 0 && !unavailable.isEmpty()) {
      throw new AwsUnavailableException(
          "the Price List answered none of the first "
              + unavailable.size()
              + " prices: "
              + unavailable.get(0));
    }
    return new Result(regions, fetched[0], notFound[0], unavailable);
  }
}
