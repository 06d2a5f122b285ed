package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a definition into a {@link StateMachine}, checking what AWS checks when a state machine is
 * created: fields per state type, transitions to existing states of the same graph, no unreachable
 * states, valid paths, templates and intrinsic functions.
 */
final class DefinitionParser {

  /** A checked definition, ready to run. */
  record StateMachine(StateGraph graph, Duration timeout) {}

  private static final Set<String> TOP_LEVEL_FIELDS =
      Set.of("Comment", "StartAt", "States", "Version", "TimeoutSeconds", "QueryLanguage");

  private DefinitionParser() {}

  static StateMachine parse(JsonNode definition) {
    if (definition == null || !definition.isObject()) {
      throw new AslDefinitionException("The definition must be a JSON object");
    }
    DefinitionReader.checkFields(definition, TOP_LEVEL_FIELDS, "Definition");
    JsonNode queryLanguage = definition.get("QueryLanguage");
    if (queryLanguage != null && !"JSONPath".equals(queryLanguage.asText())) {
      throw new AslDefinitionException(
          "Definition.QueryLanguage: only JSONPath is supported by the local ASL engine, got "
              + queryLanguage);
    }
    if (definition.has("Version") && !"1.0".equals(definition.get("Version").asText())) {
      throw new AslDefinitionException("Definition.Version: must be \"1.0\"");
    }
    Duration timeout =
        definition.has("TimeoutSeconds")
            ? Duration.ofSeconds(
                DefinitionReader.integer(
                    definition, "TimeoutSeconds", 0, 1, 99_999_999, "Definition"))
            : null;
    return new StateMachine(graph(definition, "Definition", TOP_LEVEL_FIELDS), timeout);
  }

  /** Parses StartAt + States of the top level, a Parallel branch or a Map processor. */
  static StateGraph graph(JsonNode json, String where, Set<String> extraFields) {
    Set<String> allowed = new HashSet<>(extraFields);
    allowed.addAll(Set.of("StartAt", "States", "Comment"));
    DefinitionReader.checkFields(json, allowed, where);
    String startAt = DefinitionReader.requiredText(json, "StartAt", where);
    JsonNode statesJson = json.get("States");
    if (statesJson == null || !statesJson.isObject() || statesJson.isEmpty()) {
      throw new AslDefinitionException(where + ".States: must be a non-empty object");
    }
    Map<String, State> states = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = statesJson.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      if (name.isEmpty() || name.length() > 80) {
        throw new AslDefinitionException(
            where + ".States: state names must have 1 to 80 characters: '" + name + "'");
      }
      states.put(name, state(entry.getValue(), "State '" + name + "'"));
    }
    if (!states.containsKey(startAt)) {
      throw new AslDefinitionException(
          where + ".StartAt: no state named '" + startAt + "'; states: " + states.keySet());
    }
    states.forEach(
        (name, state) -> {
          for (String target : state.targets()) {
            if (!states.containsKey(target)) {
              throw new AslDefinitionException(
                  "State '"
                      + name
                      + "': transition to '"
                      + target
                      + "', which is not a state of the same graph; states: "
                      + states.keySet());
            }
          }
        });
    checkReachable(startAt, states, where);
    return new StateGraph(startAt, Map.copyOf(states));
  }

  private static State state(JsonNode json, String where) {
    if (!json.isObject()) {
      throw new AslDefinitionException(where + ": must be a JSON object");
    }
    JsonNode type = json.get("Type");
    if (type == null || !type.isTextual()) {
      throw new AslDefinitionException(where + ": 'Type' is required");
    }
    if (json.has("QueryLanguage")
        || json.has("Assign")
        || json.has("Arguments")
        || json.has("Output")) {
      throw new AslDefinitionException(
          where
              + ": QueryLanguage, Assign, Arguments and Output (JSONata and variables) are not"
              + " supported by the local ASL engine");
    }
    return switch (type.textValue()) {
      case "Pass" -> PassState.parse(json, where);
      case "Task" -> TaskState.parse(json, where);
      case "Choice" -> ChoiceState.parse(json, where);
      case "Wait" -> WaitState.parse(json, where);
      case "Succeed" -> SucceedState.parse(json, where);
      case "Fail" -> FailState.parse(json, where);
      case "Parallel" -> ParallelState.parse(json, where);
      case "Map" -> MapState.parse(json, where);
      default ->
          throw new AslDefinitionException(
              where
                  + ": unknown Type '"
                  + type.textValue()
                  + "' (Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map)");
    };
  }

  private static void checkReachable(String startAt, Map<String, State> states, String where) {
    Set<String> reached = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>();
    pending.push(startAt);
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (reached.add(name)) {
        states.get(name).targets().forEach(pending::push);
      }
    }
    Set<String> unreachable = new TreeSet<>(states.keySet());
    unreachable.removeAll(reached);
    if (!unreachable.isEmpty()) {
      throw new AslDefinitionException(
          where + ": state(s) " + unreachable + " cannot be reached from '" + startAt + "'");
    }
  }
}
