package dev.fogbank.shared.validation;

import dev.fogbank.shared.rules.Finding;
import dev.fogbank.shared.rules.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The stack tags the platform team requires on every deployment, each with a pattern its value
 * must match (a control-plane setting: {@code FOGBANK_REQUIRED_TAGS} in AWS, {@code fogbank local
 * --required-tag key=regex}). A deployment missing one is REJECTED with a finding; the deployment's
 * own enforcement cannot waive it ({@link ValidationPolicy#CONTROL_PLANE_RULE_PREFIX}).
 */
public final class RequiredTags {
  public static final String RULE_ID = ValidationPolicy.CONTROL_PLANE_RULE_PREFIX + "TAG-001";

  private final Map<String, Pattern> required;

  private RequiredTags(Map<String, Pattern> required) {
    this.required = required;
  }

  public static RequiredTags none() {
    return new RequiredTags(Map.of());
  }

  /**
   * From {@code key=regex} entries (split at the first '='); the regex must match the whole value.
   * Throws IllegalArgumentException naming the bad entry.
   */
  public static RequiredTags parse(List<String> entries) {
    Map<String, Pattern> required = new LinkedHashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "required tag '" + entry + "' must be key=regex (e.g. owner=[a-z]+)");
      }
      String key = entry.substring(0, eq).strip();
      try {
        required.put(key, Pattern.compile(entry.substring(eq + 1)));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "required tag '" + key + "': '" + entry.substring(eq + 1) + "' is not a regex");
      }
    }
    return new RequiredTags(Collections.unmodifiableMap(required)); // in the order configured
  }

  /** The same, from one text holding entries separated by newlines (an environment variable). */
  public static RequiredTags parse(String lines) {
    if (lines == null || lines.isBlank()) {
      return none();
    }
    return parse(lines.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
  }

  public boolean isEmpty() {
    return required.isEmpty();
  }

  /** One finding per required tag that is missing or whose value does not match. */
  public List<Finding> check(Map<String, String> tags) {
    List<Finding> findings = new ArrayList<>();
    required.forEach(
        (key, pattern) -> {
          String value = tags.get(key);
          String message;
          if (value == null) {
            message =
                "stack tag '" + key + "' is required (matching " + pattern.pattern() + ")";
          } else if (!pattern.matcher(value).matches()) {
            message =
                "stack tag '" + key + "' = '" + value + "' does not match " + pattern.pattern();
          } else {
            return;
          }
          findings.add(
              new Finding(RULE_ID, Severity.CRITICAL, null, "Tags." + key, message, null, null));
        });
    return findings;
  }
}
