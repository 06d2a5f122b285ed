package dev.fogbank.shared.template;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a template document as block-style YAML with CloudFormation's short-form tags.
 *
 * <p>Hand-written rather than SnakeYAML's emitter because SnakeYAML quotes every scalar that
 * carries a tag ({@code !Ref 'Bucket'}), and a template author writes {@code !Ref Bucket}. The
 * subset written here is small: block mappings and sequences, plain, single-quoted, double-quoted
 * and literal scalars. A string is written plain only when YAML 1.1 and 1.2 readers (SnakeYAML, and
 * PyYAML as cfn-lint uses it) take it for that same string; otherwise it is quoted.
 */
final class YamlEmitter {

  /** YAML's limit for an implicit key; longer keys need the explicit "? key" form. */
  private static final int MAX_IMPLICIT_KEY = 1000;

  private static final String INDICATORS = "-?:,[]{}#&*!|>'\"%@`";

  /** Words YAML 1.1 reads as booleans or null, compared in lower case. */
  private static final Set<String> WORDS =
      Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "<<", "=");

  // Anything starting like a number (0123, 0x1F, 1_000, 1:30, 1e5, 2010-09-09, .5) is quoted:
  // YAML 1.1 readers disagree on many of these, and quoting a string is never wrong.
  private static final Pattern NUMBER_LIKE =
      Pattern.compile(
          "[-+]?\\.?[0-9][0-9A-Za-z_:.+-]*|[-+]?\\.(inf|nan)", Pattern.CASE_INSENSITIVE);
  private static final Pattern TIMESTAMP_LIKE = Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*");

  private final StringBuilder out = new StringBuilder(4096);

  private YamlEmitter() {}

  static String write(Map<String, Object> document) {
    YamlEmitter emitter = new YamlEmitter();
    List<Map.Entry<String, Object>> entries = TemplateWriter.entries(document, "");
    if (entries.isEmpty()) {
      return "{}\n";
    }
    emitter.entries(entries, 0, false, "", 0);
    return emitter.out.toString();
  }

  /**
   * Writes {@code value} after an indicator ({@code key:} or {@code -}) already in the output;
   * {@code indent} is the column of block content below it.
   */
  private void afterIndicator(
      Object value, int indent, boolean inSequence, String path, int depth) {
    String tag = null;
    Object content = value;
    if (value instanceof Intrinsic fn) {
      tag = TemplateWriter.shortTag(fn);
      content = TemplateWriter.shortArgument(fn);
      // A tagged plain scalar reads back as a string: keep numbers and booleans in long form.
      if (tag == null || content instanceof Number || content instanceof Boolean) {
        tag = null;
        content = Map.of(fn.functionName(), TemplateWriter.longArgument(fn));
      }
    }
    // Below the root mapping, a collection here is nesting level depth + 2, as YAML readers count.
    if ((content instanceof Map<?, ?> || content instanceof List<?>)
        && depth + 2 > TemplateLimits.MAX_DEPTH) {
      throw TemplateWriter.tooDeep(path);
    }
    String prefix = tag == null ? " " : " " + tag + " ";
    switch (content) {
      case String s -> {
        out.append(prefix);
        scalar(s, indent);
      }
      case Number n -> out.append(prefix).append(TemplateWriter.numberText(n, path)).append('\n');
      case Boolean b -> out.append(prefix).append(b).append('\n');
      case Map<?, ?> map -> {
        List<Map.Entry<String, Object>> entries = TemplateWriter.entries(map, path);
        if (entries.isEmpty()) {
          out.append(prefix).append("{}\n");
        } else if (tag != null || !inSequence) {
          out.append(tag == null ? "" : " " + tag).append('\n');
          entries(entries, indent, false, path, depth + 1);
        } else {
          out.append(' ');
          entries(entries, indent, true, path, depth + 1);
        }
      }
      case List<?> list -> {
        if (list.isEmpty()) {
          out.append(prefix).append("[]\n");
        } else if (tag != null || !inSequence) {
          out.append(tag == null ? "" : " " + tag).append('\n');
          items(list, indent, false, path, depth + 1);
        } else {
          out.append(' ');
          items(list, indent, true, path, depth + 1);
        }
      }
      case null, default -> throw TemplateWriter.unsupported(path, content);
    }
  }

  private void entries(
      List<Map.Entry<String, Object>> entries,
      int indent,
      boolean firstInline,
      String path,
      int depth) {
    boolean first = true;
    for (Map.Entry<String, Object> e : entries) {
      if (!(first && firstInline)) {
        indent(indent);
      }
      first = false;
      String key = inline(e.getKey());
      String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      if (key.length() > MAX_IMPLICIT_KEY) {
        out.append("? ").append(key).append('\n');
        indent(indent);
      } else {
        out.append(key);
      }
      out.append(':');
      afterIndicator(e.getValue(), indent + 2, false, at, depth);
    }
  }

  private void items(List<?> items, int indent, boolean firstInline, String path, int depth) {
    for (int i = 0; i < items.size(); i++) {
      if (i > 0 || !firstInline) {
        indent(indent);
      }
      out.append('-');
      afterIndicator(items.get(i), indent + 2, true, path + "[" + i + "]", depth);
    }
  }

  private void indent(int columns) {
    out.repeat(' ', columns);
  }

  /** A string value and its line break: a literal block when multi-line, else one line. */
  private void scalar(String s, int indent) {
    if (s.indexOf('\n') >= 0 && literalAllowed(s)) {
      literal(s, indent);
    } else {
      out.append(inline(s)).append('\n');
    }
  }

  /** A string on one line: plain where safe, else single-quoted, else double-quoted. */
  static String inline(String s) {
    if (plainAllowed(s)) {
      return s;
    }
    if (singleQuotedAllowed(s)) {
      return "'" + s.replace("'", "''") + "'";
    }
    return doubleQuoted(s);
  }

  /**
   * {@code |}, {@code |-} or {@code |+} as the string ends with one, no or several line breaks;
   * each line indented, empty lines left empty.
   */
  private void literal(String s, int indent) {
    String body = s;
    String chomping = "-";
    if (s.endsWith("\n")) {
      body = s.substring(0, s.length() - 1);
      chomping = body.endsWith("\n") ? "+" : "";
    }
    out.append('|').append(chomping).append('\n');
    int start = 0;
    while (true) {
      int end = body.indexOf('\n', start);
      String line = end < 0 ? body.substring(start) : body.substring(start, end);
      if (!line.isEmpty()) {
        indent(indent);
        out.append(line);
      }
      out.append('\n');
      if (end < 0) {
        break;
      }
      start = end + 1;
    }
  }

  /**
   * A literal block keeps every character as is, but cannot start with white space (the first line
   * sets the indentation) or hold characters YAML does not print.
   */
  private static boolean literalAllowed(String s) {
    char first = s.charAt(0);
    if (first == ' ' || first == '\t' || first == '\n') {
      return false;
    }
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp != '\n' && cp != '\t' && !printable(cp)) {
        return false;
      }
    }
    return true;
  }

  static boolean plainAllowed(String s) {
    if (s.isEmpty()) {
      return false;
    }
    char first = s.charAt(0);
    char last = s.charAt(s.length() - 1);
    if (INDICATORS.indexOf(first) >= 0 || first == ' ' || last == ' ' || last == ':') {
      return false;
    }
    if (s.contains(": ") || s.contains(" #") || s.startsWith("...")) {
      return false;
    }
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (!printable(cp)) {
        return false;
      }
    }
    return !WORDS.contains(s.toLowerCase(Locale.ROOT))
        && !NUMBER_LIKE.matcher(s).matches()
        && !TIMESTAMP_LIKE.matcher(s).matches();
  }

  private static boolean singleQuotedAllowed(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (!printable(cp)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Characters written as themselves: printable ASCII and Unicode beyond Latin-1 controls, except
   * those YAML 1.1 treats as line breaks (NEL, LS, PS), the byte order mark and unpaired
   * surrogates. Tab counts as not printable here so that it shows as {@code \t}.
   */
  private static boolean printable(int cp) {
    if (cp >= 0x20 && cp <= 0x7E) {
      return true;
    }
    if (cp < 0xA0) {
      return false;
    }
    if (cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF) {
      return false;
    }
    return !(cp >= 0xD800 && cp <= 0xDFFF);
  }

  static String doubleQuoted(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8).append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (printable(cp)) {
            b.appendCodePoint(cp);
          } else {
            String hex = Integer.toHexString(cp).toUpperCase(Locale.ROOT);
            b.append("\\u").append("0".repeat(4 - hex.length())).append(hex);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
