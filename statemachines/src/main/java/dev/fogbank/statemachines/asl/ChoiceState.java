package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Choice: moves to the Next of the first matching rule, else to Default, else fails with
 * States.NoChoiceMatched. Its output is its input (after InputPath and OutputPath).
 */
record ChoiceState(StateIo io, List<Branch> choices, String defaultNext) implements State {

  /** One top-level rule and where it leads. */
  record Branch(ChoiceRule rule, String next) {}

  private static final Set<String> FIELDS =
      Set.of("Type", "Comment", "Choices", "Default", "InputPath", "OutputPath");

  static ChoiceState parse(JsonNode json, String where) {
    DefinitionReader.checkFields(json, FIELDS, where);
    JsonNode list = json.get("Choices");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new AslDefinitionException(where + ".Choices: must be a non-empty array");
    }
    List<Branch> choices = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = where + ".Choices[" + i + "]";
      JsonNode rule = list.get(i);
      ChoiceRule parsed = ChoiceRule.parse(rule, at, true);
      choices.add(new Branch(parsed, DefinitionReader.requiredText(rule, "Next", at)));
    }
    return new ChoiceState(
        StateIo.read(json, where),
        List.copyOf(choices),
        DefinitionReader.optionalText(json, "Default", where));
  }

  @Override
  public Step execute(JsonNode input, StateRun run) {
    JsonNode context = run.context(0);
    JsonNode effective = io.selectInput(input, context);
    for (Branch choice : choices) {
      if (choice.rule().matches(effective, context)) {
        return new Step(io.selectOutput(effective, context), choice.next());
      }
    }
    if (defaultNext == null) {
      throw new AslFailure(
          StatesErrors.NO_CHOICE_MATCHED,
          "No choice rule of state '" + run.stateName() + "' matched and it has no Default");
    }
    return new Step(io.selectOutput(effective, context), defaultNext);
  }

  @Override
  public List<String> targets() {
    List<String> targets = new ArrayList<>();
    choices.forEach(choice -> targets.add(choice.next()));
    if (defaultNext != null) {
      targets.add(defaultNext);
    }
    return targets;
  }
}
