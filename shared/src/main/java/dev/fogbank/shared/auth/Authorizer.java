package dev.fogbank.shared.auth;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Turns an authenticated principal into a {@link Caller}: the grants of the stored policy that
 * match it, plus grants fixed outside the policy (local mode's token file). Read per request, so a
 * policy change applies to the next request.
 */
public final class Authorizer {
  private final Supplier<PolicyStore> store;
  private final Map<String, List<Grant>> fixed;
  private final boolean unrestricted;

  private Authorizer(
      Supplier<PolicyStore> store, Map<String, List<Grant>> fixed, boolean unrestricted) {
    this.store = store;
    this.fixed = Map.copyOf(fixed);
    this.unrestricted = unrestricted;
  }

  /** Grants from {@code store} (built on first use) plus {@code fixed} grants per principal. */
  public static Authorizer of(Supplier<PolicyStore> store, Map<String, List<Grant>> fixed) {
    return new Authorizer(Objects.requireNonNull(store, "store"), fixed, false);
  }

  /**
   * Everyone may do everything: only for embedding the routes where something else decides
   * (tests of other concerns). The Lambda and local wiring never use it.
   */
  public static Authorizer unrestricted() {
    return new Authorizer(null, Map.of(), true);
  }

  /** The caller {@code principal}; null (no authenticated principal) is UNAUTHORIZED. */
  public Caller caller(String principal) {
    if (unrestricted) {
      return Caller.admin(principal == null ? "api" : principal);
    }
    if (principal == null || principal.isBlank()) {
      throw new DeploymentException(
          ErrorCode.UNAUTHORIZED, "the request carries no authenticated principal");
    }
    List<Grant> grants = new ArrayList<>(fixed.getOrDefault(principal, List.of()));
    store.get().read().ifPresent(p -> grants.addAll(p.callerFor(principal).grants()));
    return new Caller(principal, grants);
  }

  /** The caller {@code principal} would be if {@code policy} replaced the stored one. */
  public Caller callerUnder(AccessPolicy policy, String principal) {
    if (unrestricted) {
      return Caller.admin(principal);
    }
    List<Grant> grants = new ArrayList<>(fixed.getOrDefault(principal, List.of()));
    grants.addAll(policy.callerFor(principal).grants());
    return new Caller(principal, grants);
  }

  public PolicyStore store() {
    if (store == null) {
      throw new DeploymentException(ErrorCode.INTERNAL, "no policy store is configured here");
    }
    return store.get();
  }
}
