package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** A Choice state's Boolean expression: a comparison, or And / Or / Not over nested rules. */
sealed interface ChoiceRule {

  boolean matches(JsonNode input, JsonNode context);

  record And(List<ChoiceRule> rules) implements ChoiceRule {
    @Override
    public boolean matches(JsonNode input, JsonNode context) {
      return rules.stream().allMatch(rule -> rule.matches(input, context));
    }
  }

  record Or(List<ChoiceRule> rules) implements ChoiceRule {
    @Override
    public boolean matches(JsonNode input, JsonNode context) {
      return rules.stream().anyMatch(rule -> rule.matches(input, context));
    }
  }

  record Not(ChoiceRule rule) implements ChoiceRule {
    @Override
    public boolean matches(JsonNode input, JsonNode context) {
      return !rule.matches(input, context);
    }
  }

  /**
   * {@code Variable} compared with {@code operand} by {@code operator}; for the {@code ...Path}
   * operators the operand is a path read at evaluation time. A value of the wrong type never
   * matches (StringEquals on a number is false, not an error).
   */
  record Comparison(String variable, Operator operator, JsonNode operand, boolean operandIsPath)
      implements ChoiceRule {

    @Override
    public boolean matches(JsonNode input, JsonNode context) {
      Optional<JsonNode> found = PathEvaluator.find(variable, input, context);
      if (operator == Operator.IS_PRESENT) {
        return found.isPresent() == operand.booleanValue();
      }
      JsonNode value = found.orElseThrow(() -> invalidPath(variable, input));
      JsonNode expected =
          operandIsPath
              ? PathEvaluator.find(operand.textValue(), input, context)
                  .orElseThrow(() -> invalidPath(operand.textValue(), input))
              : operand;
      return operator.test(value, expected);
    }

    private static AslFailure invalidPath(String path, JsonNode input) {
      return AslFailure.runtime(
          "Invalid path '"
              + path
              + "': The choice state's condition path references an invalid"
              + " value. Input: "
              + Json.write(Json.orNull(input)));
    }
  }

  /** The comparison operators, each with the JSON type its operand must have. */
  enum Operator {
    STRING_EQUALS("StringEquals", Kind.STRING),
    STRING_LESS_THAN("StringLessThan", Kind.STRING),
    STRING_GREATER_THAN("StringGreaterThan", Kind.STRING),
    STRING_LESS_THAN_EQUALS("StringLessThanEquals", Kind.STRING),
    STRING_GREATER_THAN_EQUALS("StringGreaterThanEquals", Kind.STRING),
    STRING_MATCHES("StringMatches", Kind.STRING),
    NUMERIC_EQUALS("NumericEquals", Kind.NUMBER),
    NUMERIC_LESS_THAN("NumericLessThan", Kind.NUMBER),
    NUMERIC_GREATER_THAN("NumericGreaterThan", Kind.NUMBER),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Kind.NUMBER),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Kind.NUMBER),
    BOOLEAN_EQUALS("BooleanEquals", Kind.BOOLEAN),
    TIMESTAMP_EQUALS("TimestampEquals", Kind.TIMESTAMP),
    TIMESTAMP_LESS_THAN("TimestampLessThan", Kind.TIMESTAMP),
    TIMESTAMP_GREATER_THAN("TimestampGreaterThan", Kind.TIMESTAMP),
    TIMESTAMP_LESS_THAN_EQUALS("TimestampLessThanEquals", Kind.TIMESTAMP),
    TIMESTAMP_GREATER_THAN_EQUALS("TimestampGreaterThanEquals", Kind.TIMESTAMP),
    IS_NULL("IsNull", Kind.TYPE_TEST),
    IS_PRESENT("IsPresent", Kind.TYPE_TEST),
    IS_NUMERIC("IsNumeric", Kind.TYPE_TEST),
    IS_STRING("IsString", Kind.TYPE_TEST),
    IS_BOOLEAN("IsBoolean", Kind.TYPE_TEST),
    IS_TIMESTAMP("IsTimestamp", Kind.TYPE_TEST);

    enum Kind {
      STRING,
      NUMBER,
      BOOLEAN,
      TIMESTAMP,
      TYPE_TEST
    }

    final String fieldName;
    final Kind kind;

    Operator(String fieldName, Kind kind) {
      this.fieldName = fieldName;
      this.kind = kind;
    }

    /** Whether the operator has a {@code ...Path} variant (type tests and StringMatches do not). */
    boolean hasPathVariant() {
      return kind != Kind.TYPE_TEST && this != STRING_MATCHES;
    }

    static Optional<Operator> byField(String field) {
      for (Operator operator : values()) {
        if (operator.fieldName.equals(field)) {
          return Optional.of(operator);
        }
      }
      return Optional.empty();
    }

    boolean test(JsonNode value, JsonNode expected) {
      return switch (kind) {
        case TYPE_TEST -> typeTest(value) == expected.booleanValue();
        case BOOLEAN -> value.isBoolean() && expected.isBoolean() && value.equals(expected);
        case STRING -> value.isTextual() && expected.isTextual() && compareStrings(value, expected);
        case NUMBER ->
            value.isNumber()
                && expected.isNumber()
                && ordered(value.decimalValue().compareTo(expected.decimalValue()));
        case TIMESTAMP -> {
          Optional<OffsetDateTime> left = timestamp(value);
          Optional<OffsetDateTime> right = timestamp(expected);
          yield left.isPresent()
              && right.isPresent()
              && ordered(left.get().toInstant().compareTo(right.get().toInstant()));
        }
      };
    }

    private boolean compareStrings(JsonNode value, JsonNode expected) {
      if (this == STRING_MATCHES) {
        return wildcardMatches(expected.textValue(), value.textValue());
      }
      return ordered(value.textValue().compareTo(expected.textValue()));
    }

    private boolean typeTest(JsonNode value) {
      return switch (this) {
        case IS_NULL -> value.isNull();
        case IS_NUMERIC -> value.isNumber();
        case IS_STRING -> value.isTextual();
        case IS_BOOLEAN -> value.isBoolean();
        case IS_TIMESTAMP -> timestamp(value).isPresent();
        default -> throw new IllegalStateException(this + " is not a type test");
      };
    }

    private boolean ordered(int comparison) {
      String name = fieldName;
      if (name.endsWith("GreaterThanEquals")) {
        return comparison >= 0;
      }
      if (name.endsWith("LessThanEquals")) {
        return comparison <= 0;
      }
      if (name.endsWith("GreaterThan")) {
        return comparison > 0;
      }
      if (name.endsWith("LessThan")) {
        return comparison < 0;
      }
      return comparison == 0;
    }
  }

  /** RFC 3339 date-times only: a 'T' separator and an offset are required, as on AWS. */
  static Optional<OffsetDateTime> timestamp(JsonNode value) {
    if (!value.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          OffsetDateTime.parse(value.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} are literal.
   */
  static boolean wildcardMatches(String pattern, String text) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        literal.append(pattern.charAt(++i));
      } else if (c == '*') {
        regex.append(Pattern.quote(literal.toString())).append(".*");
        literal.setLength(0);
      } else {
        literal.append(c);
      }
    }
    regex.append(Pattern.quote(literal.toString()));
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).matches();
  }

  /**
   * Parses a rule. {@code topLevel} rules carry {@code Next}, nested ones (inside And/Or/Not) must
   * not.
   */
  static ChoiceRule parse(JsonNode json, String where, boolean topLevel) {
    if (!json.isObject()) {
      throw new AslDefinitionException(where + ": a choice rule must be an object");
    }
    Set<String> structural = Set.of("Next", "Comment", "Variable", "And", "Or", "Not");
    List<String> operators = new ArrayList<>();
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!structural.contains(name)) {
        operators.add(name);
      }
    }
    if (!topLevel && json.has("Next")) {
      throw new AslDefinitionException(where + ": a nested choice rule must not have 'Next'");
    }
    int combinators =
        (json.has("And") ? 1 : 0) + (json.has("Or") ? 1 : 0) + (json.has("Not") ? 1 : 0);
    if (combinators + operators.size() != 1) {
      throw new AslDefinitionException(
          where
              + ": a choice rule needs exactly one of And, Or, Not or a comparison operator,"
              + " found "
              + (combinators + operators.size()));
    }
    if (combinators == 1) {
      if (json.has("Variable")) {
        throw new AslDefinitionException(where + ": And/Or/Not rules take no 'Variable'");
      }
      if (json.has("Not")) {
        return new Not(parse(json.get("Not"), where + ".Not", false));
      }
      String field = json.has("And") ? "And" : "Or";
      JsonNode list = json.get(field);
      if (!list.isArray() || list.isEmpty()) {
        throw new AslDefinitionException(where + "." + field + ": must be a non-empty array");
      }
      List<ChoiceRule> rules = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        rules.add(parse(list.get(i), where + "." + field + "[" + i + "]", false));
      }
      return field.equals("And") ? new And(List.copyOf(rules)) : new Or(List.copyOf(rules));
    }
    return comparison(json, operators.get(0), where);
  }

  private static Comparison comparison(JsonNode json, String field, String where) {
    JsonNode variable = json.get("Variable");
    if (variable == null || !variable.isTextual()) {
      throw new AslDefinitionException(where + ": a comparison needs a 'Variable' path");
    }
    PathEvaluator.validate(variable.textValue(), where + ".Variable");
    boolean isPath = field.endsWith("Path");
    String base = isPath ? field.substring(0, field.length() - 4) : field;
    Operator operator =
        Operator.byField(base)
            .filter(op -> !isPath || op.hasPathVariant())
            .orElseThrow(
                () -> new AslDefinitionException(where + ": unknown comparison '" + field + "'"));
    JsonNode operand = json.get(field);
    String at = where + "." + field;
    if (isPath) {
      if (!operand.isTextual()) {
        throw new AslDefinitionException(at + ": must be a path string");
      }
      PathEvaluator.validate(operand.textValue(), at);
    } else {
      boolean typeOk =
          switch (operator.kind) {
            case STRING -> operand.isTextual();
            case NUMBER -> operand.isNumber();
            case BOOLEAN, TYPE_TEST -> operand.isBoolean();
            case TIMESTAMP -> timestamp(operand).isPresent();
          };
      if (!typeOk) {
        throw new AslDefinitionException(
            at
                + ": expected a "
                + operator.kind.name().toLowerCase().replace('_', ' ')
                + " value, got "
                + Json.write(operand));
      }
    }
    return new Comparison(variable.textValue(), operator, operand, isPath);
  }
}
