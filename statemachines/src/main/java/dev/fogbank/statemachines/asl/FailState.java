package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * Fail: stops its graph with an error and cause, given literally or by ErrorPath/CausePath (a path,
 * context path or intrinsic function evaluated on the state's input). Either may be absent.
 */
record FailState(String error, String errorPath, String cause, String causePath) implements State {

  private static final Set<String> FIELDS =
      Set.of("Type", "Comment", "Error", "ErrorPath", "Cause", "CausePath");

  static FailState parse(JsonNode json, String where) {
    DefinitionReader.checkFields(json, FIELDS, where);
    DefinitionReader.exclusive(json, "Error", "ErrorPath", where);
    DefinitionReader.exclusive(json, "Cause", "CausePath", where);
    return new FailState(
        DefinitionReader.optionalText(json, "Error", where),
        dynamicField(json, "ErrorPath", where),
        DefinitionReader.optionalText(json, "Cause", where),
        dynamicField(json, "CausePath", where));
  }

  private static String dynamicField(JsonNode json, String field, String where) {
    String value = DefinitionReader.optionalText(json, field, where);
    if (value != null) {
      if (IntrinsicParser.looksLikeCall(value)) {
        IntrinsicParser.parse(value);
      } else {
        PathEvaluator.validate(value, where + "." + field);
      }
    }
    return value;
  }

  @Override
  public Step execute(JsonNode input, StateRun run) {
    JsonNode context = run.context(0);
    String actualError = error != null ? error : evaluate("ErrorPath", errorPath, input, context);
    String actualCause = cause != null ? cause : evaluate("CausePath", causePath, input, context);
    throw new AslFailure(actualError, actualCause);
  }

  private static String evaluate(String field, String expression, JsonNode input, JsonNode ctx) {
    if (expression == null) {
      return null;
    }
    JsonNode value =
        IntrinsicParser.looksLikeCall(expression)
            ? IntrinsicParser.parse(expression).evaluate(input, ctx)
            : PathEvaluator.read(expression, input, ctx);
    if (!value.isTextual()) {
      throw AslFailure.runtime(
          "The "
              + field
              + " '"
              + expression
              + "' must resolve to a string, got "
              + Json.write(value));
    }
    return value.textValue();
  }

  @Override
  public List<String> targets() {
    return List.of();
  }
}
