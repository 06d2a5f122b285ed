package dev.fogbank.shared.review;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Whether an update deletes a resource and creates a new one, in CloudFormation's words. */
public enum Replacement {
  /** It will be replaced. */
  TRUE("True"),
  /** It may be replaced: it depends on a value known only during the update (or not known here). */
  CONDITIONAL("Conditional"),
  /** It is updated in place (or, for an addition or removal, replacement does not apply). */
  FALSE("False");

  private final String word;

  Replacement(String word) {
    this.word = word;
  }

  /** True, Conditional or False, as a change set says it (and the API and history show it). */
  @JsonValue
  public String word() {
    return word;
  }

  /** A change set's Replacement value; empty when absent or not one of the three. */
  public static Optional<Replacement> fromChangeSet(String value) {
    if (value == null) {
      return Optional.empty();
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> Optional.of(TRUE);
      case "conditional" -> Optional.of(CONDITIONAL);
      case "false" -> Optional.of(FALSE);
      default -> Optional.empty();
    };
  }

  /** Read back from its word (history, the execution's state). */
  @JsonCreator
  static Replacement fromWord(String word) {
    return fromChangeSet(word)
        .orElseThrow(() -> new IllegalArgumentException("not a replacement: " + word));
  }

  /** The worse of two: TRUE over CONDITIONAL over FALSE. */
  Replacement orWorse(Replacement other) {
    return ordinal() <= other.ordinal() ? this : other;
  }
}
