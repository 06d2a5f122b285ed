package dev.fogbank.shared.auth;

import java.util.List;

/**
 * Who is asking and what they may do: an authenticated principal (an IAM ARN in AWS, a token's
 * name in local mode) and its grants. A caller with no grants may do nothing.
 */
public record Caller(String principal, List<Grant> grants) {
  public Caller {
    if (principal == null || principal.isBlank()) {
      throw new IllegalArgumentException("a caller needs a principal");
    }
    grants = List.copyOf(grants);
  }

  /** A caller who may do everything (tests, and the local admin token). */
  public static Caller admin(String principal) {
    return new Caller(principal, List.of(Grant.admin()));
  }

  /** Whether this caller may do {@code action} to the stack named {@code stackName}. */
  public boolean may(Action action, String stackName) {
    return grants.stream().anyMatch(g -> g.covers(action, stackName));
  }

  /**
   * Whether this caller may do {@code action} to every stack: what routes not about one stack
   * (force-release aside, the policy, cost scans) ask of their caller.
   */
  public boolean mayEverywhere(Action action) {
    return grants.stream().anyMatch(g -> g.coversEveryStack(action));
  }

  /** Whether this caller may do {@code action} to at least some stack. */
  public boolean mayAnywhere(Action action) {
    return grants.stream().anyMatch(g -> g.allows(action));
  }

  /** {@link #may}, or a {@link ForbiddenException} naming the action, stack and principal. */
  public void require(Action action, String stackName) {
    if (!may(action, stackName)) {
      throw new ForbiddenException(
          principal + " may not " + action.wireName() + " stack '" + stackName
              + "': no grant covers it");
    }
  }

  /** {@link #mayAnywhere}, or a {@link ForbiddenException}. */
  public void requireAnywhere(Action action, String what) {
    if (!mayAnywhere(action)) {
      throw new ForbiddenException(
          principal + " may not " + what + ": it needs " + action.wireName() + " on some stack");
    }
  }

  /** {@link #mayEverywhere}, or a {@link ForbiddenException}. */
  public void requireEverywhere(Action action, String what) {
    if (!mayEverywhere(action)) {
      throw new ForbiddenException(
          principal + " may not " + what + ": it needs " + action.wireName()
              + " on every stack (\"*\")");
    }
  }
}
