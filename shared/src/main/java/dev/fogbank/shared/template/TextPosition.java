package dev.fogbank.shared.template;

/** A 1-based line and column in a text, for error messages about templates and manifests. */
public record TextPosition(int line, int column) {

  /** The position of the code point at {@code codePointIndex} (as SnakeYAML's reader counts). */
  public static TextPosition ofCodePoint(String text, int codePointIndex) {
    int line = 1;
    int column = 1;
    int seen = 0;
    for (int i = 0; i < text.length() && seen < codePointIndex; ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      seen++;
      if (cp == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new TextPosition(line, column);
  }

  /** The position of the UTF-16 char at {@code charIndex} (as Jackson counts). */
  public static TextPosition ofChar(String text, int charIndex) {
    return ofCodePoint(text, text.codePointCount(0, Math.min(charIndex, text.length())));
  }

  @Override
  public String toString() {
    return "line " + line + ", column " + column;
  }
}
