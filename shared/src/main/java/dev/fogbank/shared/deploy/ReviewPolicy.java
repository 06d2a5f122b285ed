package dev.fogbank.shared.deploy;

import dev.fogbank.shared.review.StackPolicies;
import dev.fogbank.shared.review.StackPolicy;

/**
 * How a deployment's change set is judged after review: who must approve it, and the stack policy
 * its changes are checked against ({@code protect-stateful | protect-all | none | <JSON>}, or null
 * for none given).
 */
public record ReviewPolicy(ApprovalPolicy approval, String stackPolicy) {

  public ReviewPolicy {
    approval = approval == null ? ApprovalPolicy.AUTO_BELOW_HIGH : approval;
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

  /** The stack policy to check the changes against; null when none was given. */
  public StackPolicy checkedStackPolicy() {
    return stackPolicy == null ? null : StackPolicies.of(stackPolicy);
  }
}
