package dev.fogbank.shared.drift;

import dev.fogbank.shared.auth.Glob;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which managed stacks a scan of every stack detects: a name matching one of {@code include}
 * (empty: every name) and none of {@code exclude}. Patterns are stack names with {@code *} for any
 * run of characters, as the authorization policy's and the notification channels' ({@link Glob}).
 */
public record DriftScanScope(List<String> include, List<String> exclude) {
  private static final Pattern STACK_PATTERN = Pattern.compile("[A-Za-z0-9*-]{1,128}");

  /** At most this many patterns in each list. */
  public static final int MAX_PATTERNS = 50;

  public DriftScanScope {
    include = checked(include, "include");
    exclude = checked(exclude, "exclude");
  }

  /** Every managed stack. */
  public static DriftScanScope all() {
    return new DriftScanScope(List.of(), List.of());
  }

  /**
   * From comma-separated patterns ({@code FOGBANK_DRIFT_INCLUDE}, {@code FOGBANK_DRIFT_EXCLUDE});
   * null or blank: none.
   *
   * @throws IllegalArgumentException naming the pattern that is not a stack name with {@code *}
   */
  public static DriftScanScope parse(String include, String exclude) {
    return new DriftScanScope(split(include), split(exclude));
  }

  public boolean matches(String stackName) {
    return (include.isEmpty() || matchesAny(include, stackName))
        && !matchesAny(exclude, stackName);
  }

  public boolean isAll() {
    return include.isEmpty() && exclude.isEmpty();
  }

  /**
   * Comma-separated stack name patterns, checked as {@code include}'s are; null or blank: none.
   *
   * @throws IllegalArgumentException naming {@code which} and the pattern that is not a stack name
   *     with {@code *}
   */
  public static List<String> patterns(String patterns, String which) {
    return checked(split(patterns), which);
  }

  /** Whether {@code stackName} matches one of {@code patterns} (none: no name). */
  public static boolean matchesAny(List<String> patterns, String stackName) {
    return patterns.stream().anyMatch(p -> Glob.matches(p, stackName));
  }

  private static List<String> split(String patterns) {
    if (patterns == null || patterns.isBlank()) {
      return List.of();
    }
    return Arrays.stream(patterns.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
  }

  private static List<String> checked(List<String> patterns, String which) {
    List<String> copy = patterns == null ? List.of() : List.copyOf(patterns);
    if (copy.size() > MAX_PATTERNS) {
      throw new IllegalArgumentException(
          "drift scan " + which + " has " + copy.size() + " patterns; at most " + MAX_PATTERNS);
    }
    for (String p : copy) {
      if (!STACK_PATTERN.matcher(p).matches()) {
        throw new IllegalArgumentException(
            "drift scan " + which + " pattern '" + (p.length() > 40 ? p.substring(0, 40) + "..." : p)
                + "' is not a stack name with optional * wildcards");
      }
    }
    return copy;
  }
}
