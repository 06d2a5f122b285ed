package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.shared.auth.AccessPolicy;
import dev.fogbank.shared.auth.Grant;
import dev.fogbank.shared.auth.PolicyStore;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first authorization policy: whoever bootstraps the control plane is its admin, so that they
 * can grant everyone else through {@code PUT /policy}. A policy already stored is never touched.
 */
public final class PolicySeed {
  /** {@code arn:<partition>:sts::<account>:assumed-role/<role>/<session>}. */
  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("(arn:[a-z-]+:sts::\\d{12}:assumed-role/[^/]+)/[^/]+");

  private PolicySeed() {}

  /**
   * The principal pattern for the bootstrapping caller: an assumed role's every session (the next
   * session has another name), a user or root ARN as it is.
   */
  static String principalPattern(String callerArn) {
    Matcher m = ASSUMED_ROLE.matcher(callerArn);
    return m.matches() ? m.group(1) + "/*" : callerArn;
  }

  /** Seeds {@code callerArn} as admin on every stack unless a policy is stored; what was written. */
  public static Optional<AccessPolicy> seedIfAbsent(PolicyStore store, String callerArn) {
    AccessPolicy seed =
        new AccessPolicy(
            List.of(new AccessPolicy.Statement(principalPattern(callerArn), Grant.admin())));
    return store.writeIfAbsent(seed, "bootstrap " + callerArn)
        ? Optional.of(seed)
        : Optional.empty();
  }
}
