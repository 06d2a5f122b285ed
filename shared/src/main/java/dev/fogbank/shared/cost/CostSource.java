package dev.fogbank.shared.cost;

import java.time.LocalDate;

/** Where costs come from (Cost Explorer in AWS). */
public interface CostSource {
  /**
   * Daily unblended costs from {@code start} (inclusive) to {@code end} (exclusive), grouped by the
   * {@code aws:cloudformation:stack-name} tag, in the control plane's region.
   */
  DailyCosts dailyCostsByStack(LocalDate start, LocalDate end);

  /**
   * The cost of the resources tagged {@code aws:cloudformation:stack-name = stack} from {@code
   * start} (inclusive) to {@code end} (exclusive), in the control plane's region, split by AWS
   * service. A source that cannot split costs refuses ({@code INTERNAL}, saying so).
   */
  default ServiceCosts costsByService(String stack, LocalDate start, LocalDate end) {
    throw new dev.fogbank.shared.error.DeploymentException(
        dev.fogbank.shared.error.ErrorCode.INTERNAL,
        "costs by service are not available from this cost source");
  }
}
