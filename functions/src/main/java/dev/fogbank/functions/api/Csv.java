package dev.fogbank.functions.api;

import java.util.List;
import java.util.Locale;

/**
 * The API's CSV answers (RFC 4180), and the CLI's {@code --output csv}: a header row, then rows,
 * CRLF after each. A handful of lines rather than a CSV library: the api artifact has little room
 * under its budget.
 */
public final class Csv {
  public static final String CONTENT_TYPE = "text/csv; charset=utf-8";

  private final StringBuilder text = new StringBuilder();
  private final int columns;

  public Csv(List<String> header) {
    columns = header.size();
    row(header.toArray());
  }

  /** One row: a value per header column, written as its text (null: empty). */
  public Csv row(Object... values) {
    if (values.length != columns) {
      throw new IllegalArgumentException(
          "a row of " + values.length + " values under a header of " + columns);
    }
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(values[i] == null ? "" : field(String.valueOf(values[i])));
    }
    text.append("\r\n");
    return this;
  }

  public String text() {
    return text.toString();
  }

  /** Quoted when it holds a comma, a quote or a line break; quotes inside are doubled. */
  public static String field(String value) {
    if (value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  /** Whether the request's Accept header asks for CSV (before, or instead of, JSON). */
  static boolean wanted(String accept) {
    return preferred(accept, ApiRoutes.Response.JSON, "text/csv").equals("text/csv");
  }

  /**
   * Which of {@code offered} (media types, the default first) the Accept header names first, in
   * its own order; the default for none, an absent header or {@code *}{@code /*}. Quality values
   * are not weighed: clients name what they want first.
   */
  static String preferred(String accept, String... offered) {
    if (accept == null) {
      return offered[0];
    }
    for (String range : accept.split(",")) {
      String type = range.split(";")[0].trim().toLowerCase(Locale.ROOT);
      if (type.equals("*/*")) {
        return offered[0];
      }
      for (String o : offered) {
        if (o.equals(type)) {
          return o;
        }
      }
    }
    return offered[0];
  }
}
