package dev.fogbank.statemachines.asl;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for intrinsic function syntax:
 *
 * <pre>
 * call     := name '(' [argument (',' argument)*] ')'      name := States.Xxx
 * argument := call | 'string' | number | true | false | null | path
 * </pre>
 *
 * <p>In string literals a backslash escapes the next character ({@code \' \{ \} \\}). Paths run to
 * the next top-level comma or closing parenthesis and are compiled by Jayway.
 */
final class IntrinsicParser {

  private final String text;
  private int pos;

  private IntrinsicParser(String text) {
    this.text = text;
  }

  static boolean looksLikeCall(String text) {
    return text.startsWith("States.");
  }

  /** Parses a whole expression that must be one function call. */
  static IntrinsicExpression.Call parse(String text) {
    IntrinsicParser parser = new IntrinsicParser(text);
    parser.skipSpaces();
    IntrinsicExpression.Call call = parser.call();
    parser.skipSpaces();
    if (parser.pos != text.length()) {
      throw parser.error("unexpected text after the closing parenthesis");
    }
    return call;
  }

  private IntrinsicExpression.Call call() {
    int start = pos;
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
      pos++;
    }
    String name = text.substring(start, pos);
    if (!looksLikeCall(name)) {
      throw error("expected a function name such as States.Format");
    }
    if (!IntrinsicFunctions.exists(name)) {
      throw error("unknown intrinsic function " + name);
    }
    skipSpaces();
    expect('(');
    List<IntrinsicExpression> arguments = new ArrayList<>();
    skipSpaces();
    if (peek() == ')') {
      pos++;
    } else {
      while (true) {
        skipSpaces();
        arguments.add(argument());
        skipSpaces();
        char next = peek();
        pos++;
        if (next == ')') {
          break;
        }
        if (next != ',') {
          pos--;
          throw error("expected ',' or ')'");
        }
      }
    }
    IntrinsicExpression.Call call = new IntrinsicExpression.Call(name, List.copyOf(arguments));
    IntrinsicFunctions.checkArity(call);
    return call;
  }

  private IntrinsicExpression argument() {
    char c = peek();
    if (c == '\'') {
      return string();
    }
    if (c == '$') {
      return path();
    }
    if (c == '-' || Character.isDigit(c)) {
      return number();
    }
    if (text.startsWith("States.", pos)) {
      return call();
    }
    for (String keyword : List.of("true", "false", "null")) {
      if (text.startsWith(keyword, pos)) {
        pos += keyword.length();
        return new IntrinsicExpression.Literal(Json.parse(keyword), keyword);
      }
    }
    throw error("expected a string, number, boolean, null, path or function call");
  }

  private IntrinsicExpression string() {
    int start = ++pos;
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string literal");
      }
      char c = text.charAt(pos++);
      if (c == '\'') {
        break;
      }
      if (c == '\\') {
        if (pos >= text.length()) {
          throw error("unterminated escape in string literal");
        }
        c = text.charAt(pos++);
      }
      value.append(c);
    }
    String raw = text.substring(start, pos - 1);
    return new IntrinsicExpression.Literal(Json.NODES.textNode(value.toString()), raw);
  }

  private IntrinsicExpression number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String literal = text.substring(start, pos);
    try {
      BigDecimal value = new BigDecimal(literal);
      boolean whole =
          literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0;
      return new IntrinsicExpression.Literal(
          whole ? Json.integer(value.longValueExact()) : Json.NODES.numberNode(value.doubleValue()),
          literal);
    } catch (ArithmeticException | NumberFormatException e) {
      pos = start;
      throw error("invalid number '" + literal + "'");
    }
  }

  /** A path ends at a comma or parenthesis that is outside brackets, parentheses and quotes. */
  private IntrinsicExpression path() {
    int start = pos;
    int depth = 0;
    char quote = 0;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (quote != 0) {
        if (c == '\\') {
          pos++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[' || c == '(') {
        depth++;
      } else if ((c == ']' || c == ')') && depth > 0) {
        depth--;
      } else if ((c == ',' || c == ')') && depth == 0) {
        break;
      }
      pos++;
    }
    String path = text.substring(start, pos).trim();
    PathEvaluator.validate(path, "intrinsic function argument in '" + text + "'");
    return new IntrinsicExpression.PathArgument(path);
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end of expression");
    }
    return text.charAt(pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private AslDefinitionException error(String problem) {
    return new AslDefinitionException(
        "Invalid intrinsic function '" + text + "' at position " + pos + ": " + problem);
  }
}
