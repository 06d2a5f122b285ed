package dev.fogbank.shared.cost;

import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.estimate.ReviewCostEstimate;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.stack.StackRef;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Optional;

/**
 * The cost estimate made when the stack's deployed template was deployed: the review's {@code
 * costEstimate} of its newest SUCCEEDED deployment that has one (a NO_CHANGES deployment has no
 * review and changed nothing, so an earlier one still holds). Shown beside the actual cost that
 * the cost scans record.
 */
public record DeployedEstimate(
    String deploymentId, Instant deployedAt, ReviewCostEstimate estimate) {

  /** How many of the stack's newest deployments are looked through for one. */
  public static final int LOOK_BACK = 25;

  public static Optional<DeployedEstimate> latest(DeploymentHistory history, StackRef stack) {
    for (DeploymentRecord r : history.list(stack, LOOK_BACK, null).items()) {
      if (r.status() != DeploymentStatus.SUCCEEDED || r.review() == null) {
        continue;
      }
      ReviewCostEstimate estimate = r.review().costEstimate();
      if (estimate != null) {
        return Optional.of(new DeployedEstimate(r.deploymentId(), r.endedAt(), estimate));
      }
    }
    return Optional.empty();
  }

  /**
   * How far {@code actualMonthly} (the month's forecast from the recorded actual cost) is from the
   * estimate, in percent of the estimate, one decimal; null without an estimate or when it is 0.
   */
  public BigDecimal percentOff(BigDecimal actualMonthly) {
    BigDecimal monthly = estimate.monthly();
    if (monthly == null || monthly.signum() == 0 || actualMonthly == null) {
      return null;
    }
    return actualMonthly
        .subtract(monthly)
        .multiply(BigDecimal.valueOf(100))
        .divide(monthly, 1, RoundingMode.HALF_UP);
  }
}
