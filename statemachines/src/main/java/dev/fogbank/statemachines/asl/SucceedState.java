package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/** Succeed: ends its graph successfully with its (InputPath/OutputPath filtered) input. */
record SucceedState(StateIo io) implements State {

  private static final Set<String> FIELDS = Set.of("Type", "Comment", "InputPath", "OutputPath");

  static SucceedState parse(JsonNode json, String where) {
    DefinitionReader.checkFields(json, FIELDS, where);
    return new SucceedState(StateIo.read(json, where));
  }

  @Override
  public Step execute(JsonNode input, StateRun run) {
    JsonNode context = run.context(0);
    return new Step(io.selectOutput(io.selectInput(input, context), context), null);
  }

  @Override
  public List<String> targets() {
    return List.of();
  }
}
