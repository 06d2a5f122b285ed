package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A state's input and output processing, in the States Language's order: InputPath, Parameters,
 * (the state's work), ResultSelector, ResultPath, OutputPath. Fields a state type does not have are
 * left at their pass-through values.
 *
 * @param inputPath "$" by default; null means the state's input is {}
 * @param parameters null when absent
 * @param resultSelector null when absent
 * @param resultPath "$" by default; null means the result is discarded (raw input passes on)
 * @param outputPath "$" by default; null means the output is {}
 */
record StateIo(
    String inputPath,
    PayloadTemplate parameters,
    PayloadTemplate resultSelector,
    String resultPath,
    String outputPath) {

  static StateIo read(JsonNode json, String where) {
    return new StateIo(
        DefinitionReader.dataPath(json, "InputPath", where),
        DefinitionReader.template(json, "Parameters", where),
        DefinitionReader.template(json, "ResultSelector", where),
        DefinitionReader.resultPath(json, where),
        DefinitionReader.dataPath(json, "OutputPath", where));
  }

  /** InputPath then Parameters. */
  JsonNode effectiveInput(JsonNode rawInput, JsonNode context) {
    JsonNode selected = selectInput(rawInput, context);
    return parameters == null ? selected : parameters.evaluate(selected, context);
  }

  /** InputPath only (Map applies Parameters per item, as ItemSelector). */
  JsonNode selectInput(JsonNode rawInput, JsonNode context) {
    return inputPath == null
        ? Json.NODES.objectNode()
        : PathEvaluator.read(inputPath, rawInput, context);
  }

  /** ResultSelector, ResultPath (into the raw input), then OutputPath. */
  JsonNode output(JsonNode rawInput, JsonNode result, JsonNode context) {
    JsonNode selected = resultSelector == null ? result : resultSelector.evaluate(result, context);
    JsonNode combined =
        resultPath == null ? rawInput : PathEvaluator.put(resultPath, rawInput, selected);
    return selectOutput(combined, context);
  }

  JsonNode selectOutput(JsonNode data, JsonNode context) {
    return outputPath == null
        ? Json.NODES.objectNode()
        : PathEvaluator.read(outputPath, data, context);
  }
}
