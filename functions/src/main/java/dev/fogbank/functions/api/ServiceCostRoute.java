package dev.fogbank.functions.api;

import dev.fogbank.functions.api.ApiRoutes.Response;
import dev.fogbank.shared.cost.CostLookups;
import dev.fogbank.shared.cost.ServiceCosts;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /costs?stack=&groupBy=SERVICE}: the stack's cost over the range split by AWS service,
 * asked of Cost Explorer when asked (GetCostAndUsage grouped by SERVICE, filtered on the stack's
 * tag: one request per page, $0.01 each), not kept in the table.
 */
final class ServiceCostRoute {
  static final String SERVICE = "SERVICE";

  private final Supplier<CostLookups> source;

  ServiceCostRoute(Supplier<CostLookups> source) {
    this.source = source;
  }

  /** The groupBy asked for, checked: only SERVICE, only with a stack, only as JSON. */
  static void check(String groupBy, boolean csv) {
    if (!SERVICE.equals(groupBy)) {
      throw ApiRoutes.invalid(
          "groupBy must be SERVICE, not '" + ApiRoutes.shown(groupBy) + "'");
    }
    if (csv) {
      throw ApiRoutes.invalid("groupBy=SERVICE is answered as JSON only: leave out Accept: text/csv");
    }
  }

  Response answer(String stack, LocalDate from, LocalDate to) {
    if (source == null) {
      throw new DeploymentException(
          ErrorCode.INTERNAL, "costs by service are not served here (no cost lookups configured)");
    }
    ServiceCosts costs = source.get().costsByService(stack, from, to.plusDays(1));
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("stack", stack);
    view.put("from", from.toString());
    view.put("to", to.toString());
    view.put("groupBy", SERVICE);
    view.put(
        "services",
        costs.services().stream()
            .map(
                s -> {
                  Map<String, Object> service = new LinkedHashMap<>();
                  service.put("service", s.service());
                  service.put("amount", s.amount().stripTrailingZeros().toPlainString());
                  service.put("unit", s.unit());
                  return service;
                })
            .toList());
    view.put("total", costs.total().stripTrailingZeros().toPlainString());
    view.put("requests", costs.requests());
    return ApiRoutes.ok(view);
  }
}
