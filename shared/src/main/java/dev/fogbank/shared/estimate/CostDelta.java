package dev.fogbank.shared.estimate;

import java.math.BigDecimal;
import java.util.List;

/**
 * The difference between the deployed template's estimate and a new one: totals and each changed
 * resource (added, removed, or a different monthly figure).
 *
 * @param percent the monthly change relative to before, one decimal (null when before is 0)
 */
public record CostDelta(
    BigDecimal monthlyBefore,
    BigDecimal monthlyAfter,
    BigDecimal monthly,
    BigDecimal annual,
    BigDecimal percent,
    List<ResourceDelta> resources) {

  public CostDelta {
    resources = List.copyOf(resources);
  }

  /** One changed resource; before/after are null where it is absent or not priced. */
  public record ResourceDelta(
      String logicalId,
      String type,
      Change change,
      BigDecimal monthlyBefore,
      BigDecimal monthlyAfter,
      BigDecimal monthly,
      BigDecimal percent) {}

  public enum Change {
    ADDED,
    REMOVED,
    MODIFIED
  }
}
