package dev.fogbank.shared.estimate;

import dev.fogbank.shared.template.Template;
import dev.fogbank.shared.template.TemplateReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The cost estimate a review carries ({@code costEstimate}): the new template's monthly and annual
 * figures, and for an update the difference from the deployed template, per changed resource. An
 * estimate that cannot be made is {@link #unavailable(String)} with the reason, never an exception:
 * a review (and so a deployment) never fails because of its estimate.
 *
 * @param deltaMonthly the monthly change from the deployed template (for a new stack: the whole
 *     monthly figure); null when unavailable
 * @param deltaPercent the monthly change relative to before, one decimal; null for a new stack or
 *     a deployed template that costs nothing
 * @param resources each changed resource (added, removed or with another monthly figure), at most
 *     {@link #MAX_RESOURCES}
 * @param unavailable why there is no estimate; null when there is one
 */
public record ReviewCostEstimate(
    BigDecimal monthly,
    BigDecimal annual,
    String currency,
    BigDecimal deltaMonthly,
    BigDecimal deltaPercent,
    CoverageCounts coverage,
    List<ResourceCost> resources,
    String unavailable) {

  /** Kept in the state machine's bounded review; the totals always count every resource. */
  public static final int MAX_RESOURCES = 50;

  public ReviewCostEstimate {
    resources = resources == null ? List.of() : List.copyOf(resources);
  }

  /** How many resources were priced, are usage-priced without usage, or could not be priced. */
  public record CoverageCounts(int priced, int usageBased, int unknown) {}

  /** One changed resource; before/after are null where it is absent or not priced. */
  public record ResourceCost(
      String logicalId, String type, BigDecimal monthlyBefore, BigDecimal monthlyAfter) {}

  public static ReviewCostEstimate unavailable(String reason) {
    return new ReviewCostEstimate(null, null, "USD", null, null, null, List.of(), reason);
  }

  /** Whether the monthly increase is above {@code max} (USD); false without an estimate or max. */
  public boolean exceeds(BigDecimal max) {
    return max != null && deltaMonthly != null && deltaMonthly.compareTo(max) > 0;
  }

  /**
   * Estimates {@code newTemplate} and, for an update, {@code deployedTemplate} (null for a new
   * stack) in {@code region}. Whatever goes wrong (a template that does not parse, an estimator
   * failure) is the {@code unavailable} reason.
   */
  public static ReviewCostEstimate of(
      CostEstimator estimator,
      String deployedTemplate,
      Map<String, String> deployedParameters,
      String newTemplate,
      Map<String, String> newParameters,
      String region) {
    if (estimator == null) {
      return unavailable("no cost estimator is configured for this control plane");
    }
    try {
      CostEstimate after = estimate(estimator, newTemplate, newParameters, region);
      CostEstimate before =
          deployedTemplate == null
              ? empty(region)
              : estimate(estimator, deployedTemplate, deployedParameters, region);
      CostDelta delta = CostEstimator.delta(before, after);
      if (after.coverage().priced() == 0) {
        // Nothing priced because no price could be read: an estimate of $0 would mislead.
        var missing =
            after.resources().stream()
                .flatMap(r -> r.lines().stream())
                .filter(l -> l.unitPrice() == null && l.note() != null)
                .findFirst();
        if (missing.isPresent()) {
          return unavailable("no prices could be read: " + missing.get().note());
        }
      }
      return new ReviewCostEstimate(
          after.monthly(),
          after.annual(),
          after.currency(),
          delta.monthly(),
          deployedTemplate == null ? null : delta.percent(),
          new CoverageCounts(
              after.coverage().priced(), after.coverage().usageBased(), after.coverage().unknown()),
          delta.resources().stream()
              .limit(MAX_RESOURCES)
              .map(
                  r ->
                      new ResourceCost(
                          r.logicalId(), r.type(), r.monthlyBefore(), r.monthlyAfter()))
              .toList(),
          null);
    } catch (RuntimeException e) {
      return unavailable(
          "the estimate could not be made: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }

  private static CostEstimate estimate(
      CostEstimator estimator, String body, Map<String, String> parameters, String region) {
    Template template =
        TemplateReader.readSource(body.getBytes(StandardCharsets.UTF_8)).template();
    return estimator.estimate(template, parameters, region, UsageAssumptions.none());
  }

  private static CostEstimate empty(String region) {
    BigDecimal zero = BigDecimal.ZERO.setScale(2);
    return new CostEstimate(
        region, "USD", zero, zero, Map.of(), new Coverage(0, 0, 0, 0, 0), List.of(), List.of());
  }
}
