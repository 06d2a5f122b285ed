package dev.fogbank.shared.deploy;

import dev.fogbank.shared.review.StackPolicy;

/**
 * What the ExecuteChangeSet step set on the stack before executing: the stack policy (its name,
 * protect-stateful | protect-all | none | custom, and the SHA-256 of the document; {@code none}
 * is the allow-all policy that replaced any earlier protection; both null when no policy was
 * given and nothing was set) and whether termination protection was turned on ({@code
 * production: true}).
 */
public record StackProtection(
    String stackPolicy, String stackPolicySha256, boolean terminationProtection) {

  /** Nothing set. */
  public static final StackProtection NONE = new StackProtection(null, null, false);

  static StackProtection of(StackPolicy applied, boolean terminationProtection) {
    return applied == null
        ? new StackProtection(null, null, terminationProtection)
        : new StackProtection(applied.name(), applied.sha256(), terminationProtection);
  }
}
