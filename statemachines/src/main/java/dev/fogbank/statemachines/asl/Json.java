package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.StringJoiner;

/** The engine's one ObjectMapper and the JSON value rules that the States Language relies on. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  static JsonNode orNull(JsonNode node) {
    return node == null || node.isMissingNode() ? NODES.nullNode() : node;
  }

  /** JSON value equality with numbers compared by value, so that 1 equals 1.0. */
  static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode other = b.get(field.getKey());
        if (other == null || !same(field.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!same(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /**
   * Renders a value the way AWS's Java runtime prints it in States.Format and in error messages:
   * strings without quotes, objects as {@code {a=1, b=[]}} (Java's Map.toString).
   */
  static String display(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "null";
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isObject()) {
      StringJoiner joiner = new StringJoiner(", ", "{", "}");
      node.fields().forEachRemaining(f -> joiner.add(f.getKey() + "=" + display(f.getValue())));
      return joiner.toString();
    }
    if (node.isArray()) {
      StringJoiner joiner = new StringJoiner(", ", "[", "]");
      node.forEach(e -> joiner.add(display(e)));
      return joiner.toString();
    }
    return node.asText();
  }

  /** An integer node as small as the value allows, as Jackson would parse it from text. */
  static JsonNode integer(long value) {
    return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
  }

  /** The value as a whole number, or null when it is not a number with no fractional part. */
  static Long wholeNumber(JsonNode node) {
    if (node == null || !node.isNumber()) {
      return null;
    }
    BigDecimal value = node.decimalValue();
    try {
      return value.stripTrailingZeros().scale() <= 0 ? value.longValueExact() : null;
    } catch (ArithmeticException tooLarge) {
      return null;
    }
  }
}
