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

  /**
   * The estimate in one line, as Slack and the CLI show it: "$22.71/month ($272.52/year),
   * +$14.71/month (+183.9%)", then what the totals leave out ("; not counted: 1 usage-based, 2 not
   * priced") when coverage is incomplete; or "estimate unavailable: why".
   */
  public String summary() {
    if (unavailable != null || monthly == null) {
      return "estimate unavailable: " + (unavailable == null ? "no figures" : unavailable);
    }
    StringBuilder text =
        new StringBuilder("$")
            .append(money(monthly))
            .append("/month ($")
            .append(money(annual))
            .append("/year)");
    if (deltaMonthly != null) {
      text.append(", ").append(deltaText());
    }
    if (coverage != null && (coverage.usageBased() > 0 || coverage.unknown() > 0)) {
      List<String> left = new java.util.ArrayList<>();
      if (coverage.usageBased() > 0) {
        left.add(coverage.usageBased() + " usage-based");
      }
      if (coverage.unknown() > 0) {
        left.add(coverage.unknown() + " not priced");
      }
      text.append("; not counted: ").append(String.join(", ", left));
    }
    return text.toString();
  }

  /** "+$123.00/month (+17.2%)", "-$5.00/month (-10.0%)"; no percent where there is none. */
  public String deltaText() {
    if (deltaMonthly == null) {
      return "no delta";
    }
    StringBuilder text =
        new StringBuilder(deltaMonthly.signum() < 0 ? "-$" : "+$")
            .append(money(deltaMonthly.abs()))
            .append("/month");
    if (deltaPercent != null) {
      text.append(" (")
          .append(deltaPercent.signum() < 0 ? "" : "+")
          .append(deltaPercent.toPlainString())
          .append("%)");
    }
    return text.toString();
  }

  private static String money(BigDecimal usd) {
    return String.format(java.util.Locale.ROOT, "%,.2f", usd);
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
    return of(
        estimator,
        deployedTemplate,
        deployedParameters,
        newTemplate,
        newParameters,
        region,
        UsageAssumptions.none());
  }

  /**
   * As above, with the stack's usage assumptions (deployment.yaml's {@code usage:}), applied to
   * both templates so that the delta is the change's and not the assumptions'.
   */
  public static ReviewCostEstimate of(
      CostEstimator estimator,
      String deployedTemplate,
      Map<String, String> deployedParameters,
      String newTemplate,
      Map<String, String> newParameters,
      String region,
      UsageAssumptions usage) {
    if (estimator == null) {
      return unavailable("no cost estimator is configured for this control plane");
    }
    try {
      CostEstimate after = estimate(estimator, newTemplate, newParameters, region, usage);
      CostEstimate before =
          deployedTemplate == null
              ? empty(region)
              : estimate(estimator, deployedTemplate, deployedParameters, region, usage);
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
      CostEstimator estimator,
      String body,
      Map<String, String> parameters,
      String region,
      UsageAssumptions usage) {
    Template template =
        TemplateReader.readSource(body.getBytes(StandardCharsets.UTF_8)).template();
    return estimator.estimate(template, parameters, region, usage);
  }

  private static CostEstimate empty(String region) {
    BigDecimal zero = BigDecimal.ZERO.setScale(2);
    return new CostEstimate(
        region, "USD", zero, zero, Map.of(), new Coverage(0, 0, 0, 0, 0), List.of(), List.of());
  }
}
