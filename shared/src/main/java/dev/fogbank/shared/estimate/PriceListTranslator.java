package dev.fogbank.shared.estimate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.json.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Reads the Price List's product documents ({@code GetProducts}' {@code PriceList}: each entry a
 * JSON string with {@code product} and {@code terms}) into one on-demand unit price.
 */
final class PriceListTranslator {
  private PriceListTranslator() {}

  /**
   * The on-demand price for {@code query}'s unit: among every product's {@code terms.OnDemand}
   * price dimensions in that unit, the first tier (lowest {@code beginRange}) of the first product
   * that charges for it; a dimension that is free in its first tier (a free-tier allowance written
   * as its own tier) gives way to the next paid tier. Zero only when every matching dimension is
   * zero.
   */
  static Optional<UnitPrice> onDemandPrice(PriceQuery query, List<String> priceList) {
    UnitPrice free = null;
    for (String entry : priceList) {
      JsonNode product;
      try {
        product = Json.mapper().readTree(entry);
      } catch (JsonProcessingException e) {
        continue; // a malformed entry is not a price; the others may still be
      }
      UnitPrice best = null;
      double bestBegin = Double.MAX_VALUE;
      for (JsonNode term : product.path("terms").path("OnDemand")) {
        for (JsonNode dimension : term.path("priceDimensions")) {
          if (!query.unit().equalsIgnoreCase(dimension.path("unit").asText())) {
            continue;
          }
          String usd = dimension.path("pricePerUnit").path("USD").asText("");
          BigDecimal value;
          try {
            value = new BigDecimal(usd).stripTrailingZeros();
          } catch (NumberFormatException e) {
            continue;
          }
          UnitPrice price =
              new UnitPrice(value, query.unit(), dimension.path("description").asText(""));
          if (value.signum() == 0) {
            free = free == null ? price : free;
            continue;
          }
          double begin = parseBegin(dimension.path("beginRange").asText("0"));
          if (begin < bestBegin) {
            best = price;
            bestBegin = begin;
          }
        }
      }
      if (best != null) {
        return Optional.of(best);
      }
    }
    return Optional.ofNullable(free);
  }

  private static double parseBegin(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.MAX_VALUE;
    }
  }
}
