package dev.fogbank.shared.deploy;

import dev.fogbank.shared.review.StackPolicies;
import dev.fogbank.shared.review.StackPolicy;

/**
 * How a deployment's change set is judged after review: who must approve it, and the stack policy
 * its changes are checked against ({@code protect-stateful | protect-all | none | <JSON>}, or null
 * for none given), and whether the stack is a production one ({@code production: true}: the
 * ExecuteChangeSet step turns its termination protection on).
 */
public record ReviewPolicy(ApprovalPolicy approval, String stackPolicy, boolean production) {

  public ReviewPolicy {
    approval = approval == null ? ApprovalPolicy.AUTO_BELOW_HIGH : approval;
  }

  /** Not a production stack. */
  public ReviewPolicy(ApprovalPolicy approval, String stackPolicy) {
    this(approval, stackPolicy, false);
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

  /** This policy for a stack marked {@code production} (or not). */
  public ReviewPolicy withProduction(boolean production) {
    return new ReviewPolicy(approval, stackPolicy, production);
  }

  /** The stack policy to check the changes against; null when none was given. */
  public StackPolicy checkedStackPolicy() {
    return stackPolicy == null ? null : StackPolicies.of(stackPolicy);
  }
}
