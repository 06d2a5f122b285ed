package dev.fogbank.shared.rules;

import java.util.Objects;

/**
 * One rule of the catalogue, as {@code docs/rules.md} and {@code fogbank validate --list} show it.
 *
 * @param id stable id such as {@code FB-S3-001}; never reused for another check
 * @param severity the severity of every finding the rule raises
 * @param title what the rule catches, in one line
 * @param cfnNag the equivalent cfn-nag rule ids (comma separated), or null when cfn-nag has none
 * @param checkov the equivalent Checkov check ids (comma separated), or null when Checkov has none
 */
public record RuleDescription(
    String id, Severity severity, String title, String cfnNag, String checkov) {

  public RuleDescription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
  }
}
