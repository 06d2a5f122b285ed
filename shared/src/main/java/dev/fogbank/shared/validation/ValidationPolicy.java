package dev.fogbank.shared.validation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.fogbank.shared.error.CallerText;
import dev.fogbank.shared.rules.Finding;
import dev.fogbank.shared.rules.Severity;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a deployment treats what the rules find: {@code enforcement: block} refuses it (REJECTED)
 * when an unsuppressed finding is {@code blockAt} or worse; {@code warn} deploys and records the
 * findings. Set per deployment ({@code validation:} in deployment.yaml, {@code options.validation}
 * in {@code POST /deployments}); the default blocks at HIGH, i.e. CRITICAL and HIGH block.
 */
public record ValidationPolicy(Enforcement enforcement, Severity blockAt) {

  /** What findings at or above {@code blockAt} do. */
  public enum Enforcement {
    BLOCK,
    WARN;

    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Enforcement fromWire(String text) {
      for (Enforcement e : values()) {
        if (e.wireName().equals(text)) {
          return e;
        }
      }
      throw new IllegalArgumentException(
          "enforcement must be block or warn, not '" + shown(text) + "'");
    }
  }

  /**
   * Rule ids of the control plane's own policy (required stack tags): a deployment cannot waive it,
   * so these block whatever its enforcement says.
   */
  public static final String CONTROL_PLANE_RULE_PREFIX = "FB-POLICY-";

  public ValidationPolicy {
    enforcement = enforcement == null ? Enforcement.BLOCK : enforcement;
    blockAt = blockAt == null ? Severity.HIGH : blockAt;
  }

  public static ValidationPolicy defaults() {
    return new ValidationPolicy(Enforcement.BLOCK, Severity.HIGH);
  }

  /**
   * The policy from the texts a person wrote (either may be null for its default). Throws
   * IllegalArgumentException saying what is allowed; callers turn it into their own error code.
   */
  public static ValidationPolicy parse(String enforcement, String blockAt) {
    return new ValidationPolicy(
        enforcement == null ? null : Enforcement.fromWire(enforcement),
        blockAt == null ? null : severity(blockAt));
  }

  /** A severity by name (CRITICAL, HIGH, MEDIUM, LOW; case-insensitive). */
  public static Severity severity(String text) {
    for (Severity s : Severity.values()) {
      if (s.name().equalsIgnoreCase(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "blockAt must be one of "
            + Arrays.stream(Severity.values()).map(Enum::name).collect(Collectors.joining(", "))
            + ", not '"
            + shown(text)
            + "'");
  }

  /** Whether this finding refuses the deployment. A suppressed finding never does. */
  public boolean blocks(Finding finding) {
    if (finding.suppressed()) {
      return false;
    }
    if (finding.ruleId().startsWith(CONTROL_PLANE_RULE_PREFIX)) {
      return true;
    }
    return enforcement == Enforcement.BLOCK && finding.severity().atLeast(blockAt);
  }

  private static String shown(String s) {
    return s == null ? "null" : CallerText.shown(s, 40);
  }
}
