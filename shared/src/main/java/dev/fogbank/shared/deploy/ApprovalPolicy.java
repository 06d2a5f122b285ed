package dev.fogbank.shared.deploy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.fogbank.shared.rules.Severity;
import java.util.Arrays;
import java.util.stream.Collectors;

/** When a reviewed change set waits for a person before it runs. */
public enum ApprovalPolicy {
  /** A person decides when the review's risk is HIGH or CRITICAL; lower risk runs at once. */
  AUTO_BELOW_HIGH("auto-below-high"),
  /** A person decides every change set. */
  ALWAYS("always"),
  /** Nobody is asked: the change set runs once reviewed (unless the review blocks it). */
  NEVER("never");

  private final String wireName;

  ApprovalPolicy(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** Whether a change set of this risk waits for a decision. */
  public boolean requiresApproval(Severity risk) {
    return switch (this) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO_BELOW_HIGH -> risk != null && risk.atLeast(Severity.HIGH);
    };
  }

  /**
   * The policy by its wire name; null gives the default.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  @JsonCreator
  public static ApprovalPolicy parse(String value) {
    if (value == null) {
      return AUTO_BELOW_HIGH;
    }
    return Arrays.stream(values())
        .filter(p -> p.wireName.equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "approval '"
                        + value
                        + "' is not one of "
                        + Arrays.stream(values())
                            .map(ApprovalPolicy::wireName)
                            .collect(Collectors.joining(", "))));
  }
}
