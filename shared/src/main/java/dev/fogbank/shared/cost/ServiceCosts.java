package dev.fogbank.shared.cost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * One stack's cost from {@code from} through {@code to} split by AWS service (Cost Explorer's
 * SERVICE dimension), most expensive first, and how many GetCostAndUsage requests (pages, $0.01
 * each) that took.
 */
public record ServiceCosts(
    String stack, LocalDate from, LocalDate to, List<Service> services, int requests) {
  public ServiceCosts {
    services =
        services.stream()
            .sorted(
                Comparator.comparing(Service::amount)
                    .reversed()
                    .thenComparing(Service::service))
            .toList();
  }

  /** One service's cost over the range. */
  public record Service(String service, BigDecimal amount, String unit) {}

  /** The sum of every service's amount (Cost Explorer reports one unit, USD). */
  public BigDecimal total() {
    return services.stream().map(Service::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
