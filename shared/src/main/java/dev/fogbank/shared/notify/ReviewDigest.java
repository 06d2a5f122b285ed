package dev.fogbank.shared.notify;

import dev.fogbank.shared.estimate.ReviewCostEstimate;
import dev.fogbank.shared.review.Replacement;
import dev.fogbank.shared.review.ReviewReport;
import dev.fogbank.shared.review.ReviewedChange;
import dev.fogbank.shared.rules.Severity;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a message shows of a deployment's change review: the counts by action and by risk and the
 * {@link #MAX_CHANGES} riskiest changes (worst risk first, then replacements), without their
 * properties. The whole {@link ReviewReport} (50 changes with their properties) stays in history;
 * this part rides on the topic's message, well under SNS's 256 KB.
 *
 * @param changeCount how many changes the change set has (all of them, not only those shown)
 * @param riskiest the riskiest changes, at most {@link #MAX_CHANGES}, riskiest first
 * @param cost the review's cost estimate: totals, delta and coverage, without the per-resource
 *     lines (null when the review has none)
 */
public record ReviewDigest(
    Severity riskLevel,
    int changeCount,
    Map<String, Integer> countsByAction,
    Map<Severity, Integer> countsByRisk,
    List<ReviewedChange> riskiest,
    ReviewCostEstimate cost) {

  public static final int MAX_CHANGES = 5;

  // Risk first (CRITICAL before LOW); among equal risks a replacement before a maybe before none.
  private static final Comparator<ReviewedChange> RISKIEST_FIRST =
      Comparator.comparing(
              ReviewedChange::risk, Comparator.nullsLast(Comparator.<Severity>naturalOrder()))
          .thenComparing(
              ReviewedChange::replacement,
              Comparator.nullsLast(Comparator.<Replacement>naturalOrder()));

  public ReviewDigest {
    countsByAction = countsByAction == null ? Map.of() : Map.copyOf(countsByAction);
    countsByRisk = countsByRisk == null ? Map.of() : Map.copyOf(countsByRisk);
    riskiest = riskiest == null ? List.of() : List.copyOf(riskiest);
  }

  /** The digest of a stored review; null for none (a deployment that never got to its review). */
  public static ReviewDigest of(ReviewReport report) {
    if (report == null) {
      return null;
    }
    return new ReviewDigest(
        report.riskLevel(),
        report.changeCount(),
        report.countsByAction(),
        report.countsByRisk(),
        report.changes().stream()
            .sorted(RISKIEST_FIRST)
            .limit(MAX_CHANGES)
            .map(ReviewDigest::withoutProperties)
            .toList(),
        totalsOnly(report.costEstimate()));
  }

  private static ReviewCostEstimate totalsOnly(ReviewCostEstimate cost) {
    return cost == null
        ? null
        : new ReviewCostEstimate(
            cost.monthly(),
            cost.annual(),
            cost.currency(),
            cost.deltaMonthly(),
            cost.deltaPercent(),
            cost.coverage(),
            List.of(),
            cost.unavailable());
  }

  /** How many changes the message leaves out ("…and N more"). */
  public int notShown() {
    return Math.max(0, changeCount - riskiest.size());
  }

  private static ReviewedChange withoutProperties(ReviewedChange c) {
    return new ReviewedChange(
        c.action(),
        c.logicalId(),
        c.resourceType(),
        c.replacement(),
        c.replacementSource(),
        List.of(),
        c.risk(),
        c.reason());
  }
}
