package dev.fogbank.shared.review;

import dev.fogbank.shared.estimate.ReviewCostEstimate;
import dev.fogbank.shared.rules.Severity;
import java.util.List;
import java.util.Map;

/**
 * A {@link Review} in the bounded form the state machine carries ({@code $.review}) and history
 * stores: an execution's state holds at most 256 KB beside the validation findings, so only the
 * {@link #MAX_CHANGES} riskiest changes are kept (each with at most {@link #MAX_PROPERTIES}
 * properties, texts cut to {@link #MAX_TEXT} characters), with the counts of all of them.
 *
 * @param changeCount how many changes the change set has (all of them, not only those kept)
 * @param approvalRequired whether the deployment waits for a person under its approval policy
 * @param approval the approval policy it was judged under (its wire name)
 * @param costEstimate what the new template costs a month and what the change adds; its {@code
 *     unavailable} says why when no estimate could be made (null: not estimated)
 */
public record ReviewReport(
    Severity riskLevel,
    int changeCount,
    Map<String, Integer> countsByAction,
    Map<Severity, Integer> countsByRisk,
    List<ReviewedChange> changes,
    List<ExportImpact> exports,
    List<PolicyDenial> policyDenials,
    boolean blocked,
    List<String> blockReasons,
    List<String> notes,
    String approval,
    boolean approvalRequired,
    ReviewCostEstimate costEstimate) {

  public static final int MAX_CHANGES = 50;
  public static final int MAX_PROPERTIES = 5;
  public static final int MAX_TEXT = 200;
  private static final int MAX_LIST = 20;

  public ReviewReport {
    countsByAction = countsByAction == null ? Map.of() : Map.copyOf(countsByAction);
    countsByRisk = countsByRisk == null ? Map.of() : Map.copyOf(countsByRisk);
    changes = changes == null ? List.of() : List.copyOf(changes);
    exports = exports == null ? List.of() : List.copyOf(exports);
    policyDenials = policyDenials == null ? List.of() : List.copyOf(policyDenials);
    blockReasons = blockReasons == null ? List.of() : List.copyOf(blockReasons);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** A report without a cost estimate. */
  public ReviewReport(
      Severity riskLevel,
      int changeCount,
      Map<String, Integer> countsByAction,
      Map<Severity, Integer> countsByRisk,
      List<ReviewedChange> changes,
      List<ExportImpact> exports,
      List<PolicyDenial> policyDenials,
      boolean blocked,
      List<String> blockReasons,
      List<String> notes,
      String approval,
      boolean approvalRequired) {
    this(
        riskLevel, changeCount, countsByAction, countsByRisk, changes, exports, policyDenials,
        blocked, blockReasons, notes, approval, approvalRequired, null);
  }

  /**
   * This report with its cost estimate; {@code note} (null: none) is added to the notes, and
   * {@code approvalRequired} replaces the one judged from the risk alone.
   */
  public ReviewReport withCost(
      ReviewCostEstimate estimate, String note, boolean approvalRequired) {
    List<String> all = new java.util.ArrayList<>(notes);
    if (note != null) {
      all.add(cut(note));
    }
    return new ReviewReport(
        riskLevel, changeCount, countsByAction, countsByRisk, changes, exports, policyDenials,
        blocked, blockReasons, all, approval, approvalRequired, estimate);
  }

  /** The review, bounded, with whether {@code approvalRequired} under {@code approval}. */
  public static ReviewReport of(Review review, String approval, boolean approvalRequired) {
    return new ReviewReport(
        review.riskLevel(),
        review.changes().size(),
        review.countsByAction(),
        review.countsByRisk(),
        review.changes().stream().limit(MAX_CHANGES).map(ReviewReport::bounded).toList(),
        review.exports().stream().limit(MAX_LIST).toList(),
        review.policyDenials().stream().limit(MAX_LIST).toList(),
        review.blocked(),
        texts(review.blockReasons()),
        texts(review.notes()),
        approval,
        approvalRequired);
  }

  private static ReviewedChange bounded(ReviewedChange c) {
    return new ReviewedChange(
        c.action(),
        c.logicalId(),
        c.resourceType(),
        c.replacement(),
        c.replacementSource(),
        c.properties().stream()
            .limit(MAX_PROPERTIES)
            .map(p -> new PropertyChange(cut(p.path()), p.replaces(), cut(p.note())))
            .toList(),
        c.risk(),
        cut(c.reason()));
  }

  private static List<String> texts(List<String> all) {
    return all.stream().limit(MAX_LIST).map(ReviewReport::cut).toList();
  }

  private static String cut(String text) {
    return text == null || text.length() <= MAX_TEXT
        ? text
        : text.substring(0, MAX_TEXT - 1) + "…";
  }
}
