package dev.fogbank.shared.auth;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Actions on the stacks whose names match one of {@code stacks}: CloudFormation stack names with
 * {@code *} standing for any run of characters ({@code team-a-*}, or {@code *} for every stack).
 */
public record Grant(List<String> stacks, Set<Action> actions) {
  /** A pattern is a stack name (letters, digits, hyphens, up to 128) that may hold {@code *}. */
  private static final Pattern STACK_PATTERN = Pattern.compile("[A-Za-z0-9*-]{1,128}");

  public static final String EVERY_STACK = "*";

  public Grant {
    if (stacks == null || stacks.isEmpty()) {
      throw new IllegalArgumentException("a grant needs at least one stack pattern");
    }
    for (String pattern : stacks) {
      if (pattern == null || !STACK_PATTERN.matcher(pattern).matches()) {
        throw new IllegalArgumentException(
            "stack pattern '" + pattern + "' is not a stack name with optional * wildcards");
      }
    }
    if (actions == null || actions.isEmpty()) {
      throw new IllegalArgumentException("a grant needs at least one action");
    }
    stacks = List.copyOf(stacks);
    actions = Set.copyOf(EnumSet.copyOf(actions));
  }

  /** Every action on every stack. */
  public static Grant admin() {
    return new Grant(List.of(EVERY_STACK), Set.of(Action.ADMIN));
  }

  /** Whether this grant lets its holder do {@code action} to the stack named {@code stackName}. */
  public boolean covers(Action action, String stackName) {
    return allows(action) && stacks.stream().anyMatch(p -> Glob.matches(p, stackName));
  }

  /** Whether this grant holds {@code action} on every stack (its patterns include {@code *}). */
  public boolean coversEveryStack(Action action) {
    return allows(action) && stacks.contains(EVERY_STACK);
  }

  boolean allows(Action action) {
    return actions.contains(action) || actions.contains(Action.ADMIN);
  }
}
