package dev.fogbank.shared.estimate;

import java.math.BigDecimal;
import java.util.Objects;

/** A price per unit in USD, as the Price List states it, e.g. 0.096 per {@code Hrs}. */
public record UnitPrice(BigDecimal usd, String unit, String description) {
  public UnitPrice {
    Objects.requireNonNull(usd, "usd");
    Objects.requireNonNull(unit, "unit");
    description = description == null ? "" : description;
    if (usd.signum() < 0) {
      throw new IllegalArgumentException("a price is not negative: " + usd);
    }
  }
}
