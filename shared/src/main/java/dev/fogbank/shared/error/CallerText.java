package dev.fogbank.shared.error;

/**
 * Text a caller sent, as an error message, a history record or a log line may echo it back:
 * bounded (a hostile key or path may be megabytes) and printable (a control character could forge
 * a line of a log or a terminal).
 */
public final class CallerText {
  private CallerText() {}

  /** At most {@code max} characters then "...", control characters as '?', null as "(none)". */
  public static String shown(String text, int max) {
    if (text == null) {
      return "(none)";
    }
    String cut = text.length() > max ? text.substring(0, max) + "..." : text;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
