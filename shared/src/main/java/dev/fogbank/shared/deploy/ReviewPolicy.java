package dev.fogbank.shared.deploy;

import dev.fogbank.shared.review.StackPolicies;
import dev.fogbank.shared.review.StackPolicy;
import java.util.Map;

/**
 * How a deployment's change set is judged after review: who must approve it, and the stack policy
 * its changes are checked against ({@code protect-stateful | protect-all | none | <JSON>}, or null
 * for none given), the monthly cost increase (USD) above which a change needs approval whatever
 * its risk ({@code maxMonthlyIncrease}, null for no limit), and whether the stack is a production
 * one ({@code production: true}: the ExecuteChangeSet step turns its termination protection on).
 * {@code usage}: deployment.yaml's {@code usage:} (per logical ID, {key: number}), the monthly
 * usage the review's cost estimate prices usage-priced resources with (empty: they show
 * "usage-based"). {@code budget}: the stack's monthly budget in USD ({@code budget:} in
 * deployment.yaml, {@code options.budget} through the API; null for none), kept as an AWS Budget
 * by RecordResult once the deployment succeeded (see {@code dev.fogbank.shared.cost.BudgetStore}).
 */
public record ReviewPolicy(
    ApprovalPolicy approval,
    String stackPolicy,
    java.math.BigDecimal maxMonthlyIncrease,
    boolean production,
    Map<String, Map<String, java.math.BigDecimal>> usage,
    java.math.BigDecimal budget) {

  public ReviewPolicy {
    approval = approval == null ? ApprovalPolicy.AUTO_BELOW_HIGH : approval;
    usage = usage == null ? Map.of() : Map.copyOf(usage);
  }

  /** Without a budget. */
  public ReviewPolicy(
      ApprovalPolicy approval,
      String stackPolicy,
      java.math.BigDecimal maxMonthlyIncrease,
      boolean production,
      Map<String, Map<String, java.math.BigDecimal>> usage) {
    this(approval, stackPolicy, maxMonthlyIncrease, production, usage, null);
  }

  /** Without usage assumptions. */
  public ReviewPolicy(
      ApprovalPolicy approval,
      String stackPolicy,
      java.math.BigDecimal maxMonthlyIncrease,
      boolean production) {
    this(approval, stackPolicy, maxMonthlyIncrease, production, Map.of());
  }

  /** Without a cost limit, not a production stack. */
  public ReviewPolicy(ApprovalPolicy approval, String stackPolicy) {
    this(approval, stackPolicy, null, false);
  }

  /** With a cost limit (null: none), not a production stack. */
  public ReviewPolicy(
      ApprovalPolicy approval, String stackPolicy, java.math.BigDecimal maxMonthlyIncrease) {
    this(approval, stackPolicy, maxMonthlyIncrease, false);
  }

  /** Without a cost limit; a production stack or not. */
  public ReviewPolicy(ApprovalPolicy approval, String stackPolicy, boolean production) {
    this(approval, stackPolicy, null, production);
  }

  public static ReviewPolicy defaults() {
    return new ReviewPolicy(ApprovalPolicy.AUTO_BELOW_HIGH, null);
  }

  /**
   * From request or manifest values (null: default), checked now so that a bad value is a 4xx at
   * submission, not a failed deployment.
   *
   * @throws IllegalArgumentException for an unknown approval
   * @throws dev.fogbank.shared.error.InvalidRequestException for a bad stack policy
   */
  public static ReviewPolicy parse(String approval, String stackPolicy) {
    ReviewPolicy policy = new ReviewPolicy(ApprovalPolicy.parse(approval), stackPolicy);
    policy.checkedStackPolicy();
    return policy;
  }

  /**
   * As {@link #parse(String, String)}, with {@code maxMonthlyIncrease} in USD (null: no limit).
   *
   * @throws IllegalArgumentException also for a negative or non-numeric maxMonthlyIncrease
   */
  public static ReviewPolicy parse(String approval, String stackPolicy, String maxMonthlyIncrease) {
    ReviewPolicy policy = parse(approval, stackPolicy);
    if (maxMonthlyIncrease == null) {
      return policy;
    }
    java.math.BigDecimal max;
    try {
      max = new java.math.BigDecimal(maxMonthlyIncrease.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "maxMonthlyIncrease '" + maxMonthlyIncrease + "' is not a number of USD");
    }
    if (max.signum() < 0) {
      throw new IllegalArgumentException(
          "maxMonthlyIncrease must be 0 or more USD, not " + maxMonthlyIncrease);
    }
    return new ReviewPolicy(
        policy.approval(), policy.stackPolicy(), max, policy.production(), policy.usage(),
        policy.budget());
  }

  /**
   * This policy with the stack's monthly budget in USD, from {@code text} (null: none).
   *
   * @throws IllegalArgumentException for a budget that is not a number, or not above 0
   */
  public ReviewPolicy withBudget(String text) {
    if (text == null) {
      return withBudget((java.math.BigDecimal) null);
    }
    java.math.BigDecimal amount;
    try {
      amount = new java.math.BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "budget '" + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
              + "' is not a number of USD a month");
    }
    if (amount.signum() <= 0) {
      throw new IllegalArgumentException(
          "budget must be more than 0 USD a month, not " + amount.toPlainString()
              + " (leave it out for no budget)");
    }
    if (amount.compareTo(MAX_BUDGET) > 0) {
      throw new IllegalArgumentException(
          "budget must be at most " + MAX_BUDGET.toPlainString() + " USD a month");
    }
    return withBudget(amount);
  }

  /** This policy with the stack's monthly budget (null: none), as checked by the text form. */
  public ReviewPolicy withBudget(java.math.BigDecimal amount) {
    return new ReviewPolicy(
        approval, stackPolicy, maxMonthlyIncrease, production, usage, amount);
  }

  /** A sanity bound well above any stack's monthly spend: a typo, not a budget, above it. */
  public static final java.math.BigDecimal MAX_BUDGET = new java.math.BigDecimal("1000000000");

  /** This policy for a stack marked {@code production} (or not). */
  public ReviewPolicy withProduction(boolean production) {
    return new ReviewPolicy(approval, stackPolicy, maxMonthlyIncrease, production, usage, budget);
  }

  /** This policy with the usage the cost estimate prices usage-priced resources with. */
  public ReviewPolicy withUsage(Map<String, Map<String, java.math.BigDecimal>> usage) {
    return new ReviewPolicy(approval, stackPolicy, maxMonthlyIncrease, production, usage, budget);
  }

  /** The stack policy to check the changes against; null when none was given. */
  public StackPolicy checkedStackPolicy() {
    return stackPolicy == null ? null : StackPolicies.of(stackPolicy);
  }
}
