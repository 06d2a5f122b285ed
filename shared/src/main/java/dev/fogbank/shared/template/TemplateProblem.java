package dev.fogbank.shared.template;

import java.util.Objects;

/**
 * One thing wrong with a template: where (a path such as {@code Resources.DropBucket.Properties.
 * BucketName}) and what.
 */
public record TemplateProblem(String location, String message) {
  public TemplateProblem {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return location + ": " + message;
  }
}
