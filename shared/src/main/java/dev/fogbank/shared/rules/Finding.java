package dev.fogbank.shared.rules;

import dev.fogbank.shared.template.TextPosition;
import java.util.Objects;

/**
 * What one rule found in a template.
 *
 * @param ruleId stable id such as {@code FB-S3-001}
 * @param resource the logical id the finding is about, or null for a template-wide finding (a
 *     parameter's, for instance, uses {@code path})
 * @param path where in the template, e.g. {@code Resources.Bucket.Properties.AccessControl}
 * @param position line and column of {@code path}, or null when the template was not read from text
 * @param suppression set when the resource's Metadata suppresses this rule with a justification:
 *     the finding is kept (and recorded) but never blocks
 */
public record Finding(
    String ruleId,
    Severity severity,
    String resource,
    String path,
    String message,
    TextPosition position,
    Suppression suppression) {

  public Finding {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  public boolean suppressed() {
    return suppression != null;
  }

  @Override
  public String toString() {
    return ruleId
        + " "
        + severity
        + " "
        + path
        + (position == null ? "" : " (" + position + ")")
        + ": "
        + message
        + (suppression == null ? "" : " [suppressed: " + suppression.justification() + "]");
  }
}
