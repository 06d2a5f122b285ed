package dev.fogbank.shared.estimate;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * How much a stack's usage-priced resources are used a month, per logical ID, as given in {@code
 * deployment.yaml}'s {@code usage:} section (like Infracost's usage file): e.g. {@code Api:
 * {monthlyRequests: 5000000}}.
 */
public record UsageAssumptions(Map<String, Map<String, BigDecimal>> byLogicalId) {
  public UsageAssumptions {
    byLogicalId = byLogicalId == null ? Map.of() : Map.copyOf(byLogicalId);
  }

  public static UsageAssumptions none() {
    return new UsageAssumptions(Map.of());
  }

  public Map<String, BigDecimal> of(String logicalId) {
    return byLogicalId.getOrDefault(logicalId, Map.of());
  }

  public Optional<BigDecimal> get(String logicalId, String key) {
    return Optional.ofNullable(of(logicalId).get(key));
  }
}
