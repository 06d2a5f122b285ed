package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Pass: hands on its input, or a fixed {@code Result} (which is never evaluated as a template). */
record PassState(StateIo io, JsonNode result, String next) implements State {

  private static final Set<String> FIELDS =
      Set.of(
          "Type",
          "Comment",
          "Next",
          "End",
          "InputPath",
          "OutputPath",
          "ResultPath",
          "Parameters",
          "Result");

  static PassState parse(JsonNode json, String where) {
    DefinitionReader.checkFields(json, FIELDS, where);
    StateIo io = StateIo.read(json, where);
    return new PassState(io, json.get("Result"), DefinitionReader.transition(json, where));
  }

  @Override
  public Step execute(JsonNode input, StateRun run) {
    JsonNode context = run.context(0);
    JsonNode effective = io.effectiveInput(input, context);
    JsonNode output = io.output(input, result != null ? result : effective, context);
    return new Step(output, next);
  }

  @Override
  public List<String> targets() {
    List<String> targets = new ArrayList<>();
    if (next != null) {
      targets.add(next);
    }
    return targets;
  }
}
