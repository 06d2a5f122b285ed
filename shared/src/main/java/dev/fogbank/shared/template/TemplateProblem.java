package dev.fogbank.shared.template;

import java.util.Objects;

/**
 * One thing wrong with a template: where (a path such as {@code Resources.DropBucket.Properties.
 * BucketName}, with line and column once located in the text) and what. A {@link Severity#WARNING}
 * is something fogbank cannot judge (a type its bundled schemas do not know, a template a Transform
 * rewrites): reported, never a reason to refuse the template.
 */
public record TemplateProblem(String location, String message, Severity severity) {

  /** Whether the problem refuses the template. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public TemplateProblem {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(severity, "severity");
  }

  /** An error. */
  public TemplateProblem(String location, String message) {
    this(location, message, Severity.ERROR);
  }

  public static TemplateProblem warning(String location, String message) {
    return new TemplateProblem(location, message, Severity.WARNING);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return location + ": " + message;
  }
}
