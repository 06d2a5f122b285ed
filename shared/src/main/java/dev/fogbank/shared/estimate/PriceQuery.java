package dev.fogbank.shared.estimate;

import dev.fogbank.shared.digest.Sha256;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One price to look up in the AWS Price List: a service code (e.g. {@code AmazonEC2}), the region,
 * the product attributes that must match exactly (TERM_MATCH filters such as {@code instanceType},
 * {@code operatingSystem}, {@code volumeApiName}) and the unit of the price dimension wanted (e.g.
 * {@code Hrs}, {@code GB-Mo}), since one product may carry several.
 */
public record PriceQuery(
    String serviceCode, String region, Map<String, String> attributes, String unit) {

  public PriceQuery {
    Objects.requireNonNull(serviceCode, "serviceCode");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(unit, "unit");
    // Sorted, so that the same attribute set always makes the same key.
    attributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  public static PriceQuery of(String serviceCode, String region, String unit, String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come in name, value pairs");
    }
    Map<String, String> attributes = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      attributes.put(pairs[i], pairs[i + 1]);
    }
    return new PriceQuery(serviceCode, region, attributes, unit);
  }

  /** The canonical text of the attribute set and unit: what the cache key hashes. */
  public String canonical() {
    return attributes.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(";"))
        + "|unit="
        + unit;
  }

  /** The first 16 bytes of sha256 of {@link #canonical()}, hex. */
  public String hash() {
    return Sha256.hexPrefix(canonical(), 16);
  }

  /** For lines a person reads: "AmazonEC2 instanceType=m5.large, ... (Hrs)". */
  public String describe() {
    return serviceCode
        + " "
        + attributes.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "))
        + " ("
        + unit
        + ")";
  }
}
