package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed access to definition fields with messages that say where the problem is ("State
 * 'Deploy'.TimeoutSeconds: ...").
 */
final class DefinitionReader {

  private DefinitionReader() {}

  static void checkFields(JsonNode json, Set<String> allowed, String where) {
    if (!json.isObject()) {
      throw new AslDefinitionException(where + ": must be a JSON object");
    }
    Set<String> unknown = new TreeSet<>();
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new AslDefinitionException(
          where + ": unsupported field(s) " + unknown + "; allowed: " + new TreeSet<>(allowed));
    }
  }

  static String requiredText(JsonNode json, String field, String where) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
      throw new AslDefinitionException(where + ": '" + field + "' must be a non-empty string");
    }
    return value.textValue();
  }

  static String optionalText(JsonNode json, String field, String where) {
    return json.has(field) ? requiredText(json, field, where) : null;
  }

  static int integer(JsonNode json, String field, int fallback, int min, int max, String where) {
    JsonNode value = json.get(field);
    if (value == null) {
      return fallback;
    }
    Long whole = Json.wholeNumber(value);
    if (whole == null || whole < min || whole > max) {
      throw new AslDefinitionException(
          where
              + "."
              + field
              + ": must be an integer from "
              + min
              + " to "
              + max
              + ", got "
              + value);
    }
    return whole.intValue();
  }

  static void exclusive(JsonNode json, String first, String second, String where) {
    if (json.has(first) && json.has(second)) {
      throw new AslDefinitionException(
          where + ": '" + first + "' and '" + second + "' cannot both be set");
    }
  }

  /** The next state's name, or null for {@code "End": true}; exactly one of the two is required. */
  static String transition(JsonNode json, String where) {
    boolean end = json.has("End");
    if (end && !json.get("End").isBoolean()) {
      throw new AslDefinitionException(where + ".End: must be a boolean");
    }
    end = end && json.get("End").booleanValue();
    if (end == json.has("Next")) {
      throw new AslDefinitionException(where + ": needs exactly one of 'Next' or '\"End\": true'");
    }
    return end ? null : requiredText(json, "Next", where);
  }

  /** InputPath/OutputPath: "$" when absent, null when set to JSON null (the state sees {}). */
  static String dataPath(JsonNode json, String field, String where) {
    JsonNode value = json.get(field);
    if (value == null) {
      return "$";
    }
    if (value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new AslDefinitionException(where + "." + field + ": must be a path or null");
    }
    PathEvaluator.validate(value.textValue(), where + "." + field);
    return value.textValue();
  }

  /** ResultPath: "$" when absent, null when set to JSON null (the result is discarded). */
  static String resultPath(JsonNode json, String where) {
    JsonNode value = json.get("ResultPath");
    if (value == null) {
      return "$";
    }
    if (value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new AslDefinitionException(where + ".ResultPath: must be a path or null");
    }
    PathEvaluator.validateReferencePath(value.textValue(), where + ".ResultPath");
    return value.textValue();
  }

  static PayloadTemplate template(JsonNode json, String field, String where) {
    JsonNode value = json.get(field);
    if (value == null) {
      return null;
    }
    return PayloadTemplate.compile(value, where + "." + field);
  }

  /** ErrorEquals: non-empty; States.ALL only alone and only in the last retrier or catcher. */
  static List<String> errorEquals(JsonNode json, String where, boolean last) {
    JsonNode list = json.get("ErrorEquals");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new AslDefinitionException(where + ".ErrorEquals: must be a non-empty array");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode name : list) {
      if (!name.isTextual()) {
        throw new AslDefinitionException(where + ".ErrorEquals: must hold strings");
      }
      names.add(name.textValue());
    }
    if (names.contains(StatesErrors.ALL) && (names.size() > 1 || !last)) {
      throw new AslDefinitionException(
          where + ".ErrorEquals: States.ALL must appear alone, in the last entry");
    }
    return List.copyOf(names);
  }
}
