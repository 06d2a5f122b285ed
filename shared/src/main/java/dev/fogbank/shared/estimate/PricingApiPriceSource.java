package dev.fogbank.shared.estimate;

import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

/**
 * {@link PriceSource} over the AWS Price List Query API: {@code GetProducts} with a TERM_MATCH
 * filter per attribute and {@code regionCode}, following {@code NextToken}. Retries are the SDK
 * client's (standard strategy: throttling and 5xx, jittered backoff); what survives them is
 * classified by {@link AwsFailures}.
 */
public final class PricingApiPriceSource implements PriceSource {
  /** A filter set that matches more pages than this is not one price; stop reading. */
  static final int MAX_PAGES = 10;

  private final PricingClient client;

  public PricingApiPriceSource(PricingClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public PriceLookup fetch(PriceQuery query) {
    List<Filter> filters = new ArrayList<>();
    filters.add(term("regionCode", query.region()));
    query.attributes().forEach((field, value) -> filters.add(term(field, value)));
    List<String> priceList = new ArrayList<>();
    String nextToken = null;
    int pages = 0;
    try {
      do {
        String token = nextToken;
        GetProductsResponse page =
            client.getProducts(
                r ->
                    r.serviceCode(query.serviceCode())
                        .filters(filters)
                        .formatVersion("aws_v1")
                        .maxResults(100)
                        .nextToken(token));
        priceList.addAll(page.priceList());
        nextToken = page.nextToken();
        pages++;
      } while (nextToken != null && !nextToken.isEmpty() && pages < MAX_PAGES);
    } catch (SdkException e) {
      throw AwsFailures.failure(
          "Pricing GetProducts for " + query.describe(), e, ErrorCode.INTERNAL);
    }
    return PriceListTranslator.onDemandPrice(query, priceList)
        .<PriceLookup>map(PriceLookup.Found::new)
        .orElseGet(
            () ->
                new PriceLookup.NotFound("the AWS Price List has no product " + query.describe()));
  }

  private static Filter term(String field, String value) {
    return Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build();
  }
}
