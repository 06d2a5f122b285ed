package dev.fogbank.shared.rules;

import java.util.Objects;

/**
 * A rule switched off for one resource in its {@code Metadata}, with the justification a reviewer
 * reads later:
 *
 * <pre>
 * Metadata:
 *   fogbank:
 *     suppress:
 *       - rule: FB-S3-001
 *         reason: public website bucket, approved in SEC-1234
 * </pre>
 */
public record Suppression(String ruleId, String justification) {
  public Suppression {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(justification, "justification");
  }
}
