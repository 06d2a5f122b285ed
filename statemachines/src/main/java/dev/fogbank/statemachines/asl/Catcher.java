package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One Catch entry. When it matches, the error output {@code {"Error":..,"Cause":..}} is placed into
 * the state's raw input at {@code resultPath} (null: the raw input passes on unchanged).
 */
record Catcher(List<String> errorEquals, String next, String resultPath) {

  private static final Set<String> FIELDS = Set.of("ErrorEquals", "Next", "ResultPath", "Comment");

  boolean matches(String error) {
    return StatesErrors.matches(errorEquals, error);
  }

  JsonNode output(JsonNode rawInput, AslFailure failure) {
    var errorOutput = Json.NODES.objectNode();
    errorOutput.put("Error", failure.error());
    if (failure.cause() != null) {
      errorOutput.put("Cause", failure.cause());
    }
    return resultPath == null ? rawInput : PathEvaluator.put(resultPath, rawInput, errorOutput);
  }

  static List<Catcher> parseAll(JsonNode catchers, String where) {
    List<Catcher> parsed = new ArrayList<>();
    if (catchers == null) {
      return parsed;
    }
    if (!catchers.isArray()) {
      throw new AslDefinitionException(where + ".Catch: must be an array");
    }
    for (int i = 0; i < catchers.size(); i++) {
      String at = where + ".Catch[" + i + "]";
      JsonNode json = catchers.get(i);
      DefinitionReader.checkFields(json, FIELDS, at);
      List<String> errors = DefinitionReader.errorEquals(json, at, i == catchers.size() - 1);
      String next = DefinitionReader.requiredText(json, "Next", at);
      String resultPath = DefinitionReader.resultPath(json, at);
      parsed.add(new Catcher(errors, next, resultPath));
    }
    return List.copyOf(parsed);
  }
}
