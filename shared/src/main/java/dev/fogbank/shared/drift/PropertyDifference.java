package dev.fogbank.shared.drift;

import java.util.Objects;

/**
 * One property of a drifted resource whose actual value differs from the template's: what
 * CloudFormation reports in a StackResourceDrift's PropertyDifferences.
 *
 * @param path the property's JSON pointer, e.g. {@code /VisibilityTimeout}
 * @param expected the value the template sets (JSON text); may be null for an added property
 * @param actual the value the resource has now (JSON text); may be null for a removed property
 * @param type {@code ADD}, {@code REMOVE} or {@code NOT_EQUAL}
 */
public record PropertyDifference(String path, String expected, String actual, String type) {
  /** Values are cut to this many characters: a record and a Slack message stay small. */
  public static final int MAX_VALUE_CHARS = 400;

  public PropertyDifference {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    expected = cut(expected);
    actual = cut(actual);
  }

  private static String cut(String value) {
    return value == null || value.length() <= MAX_VALUE_CHARS
        ? value
        : value.substring(0, MAX_VALUE_CHARS) + "...";
  }
}
