package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Parallel: runs every branch on the effective input, concurrently; the result is the array of
 * branch outputs in branch order. A failing branch fails the state (and cancels the others).
 */
record ParallelState(
    StateIo io, List<StateGraph> branches, ErrorHandling errorHandling, String next)
    implements State {

  private static final Set<String> FIELDS =
      Set.of(
          "Type",
          "Comment",
          "Next",
          "End",
          "Branches",
          "InputPath",
          "OutputPath",
          "ResultPath",
          "Parameters",
          "ResultSelector",
          "Retry",
          "Catch");

  static ParallelState parse(JsonNode json, String where) {
    DefinitionReader.checkFields(json, FIELDS, where);
    JsonNode list = json.get("Branches");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new AslDefinitionException(where + ".Branches: must be a non-empty array");
    }
    List<StateGraph> branches = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      branches.add(DefinitionParser.graph(list.get(i), where + ".Branches[" + i + "]", Set.of()));
    }
    return new ParallelState(
        StateIo.read(json, where),
        List.copyOf(branches),
        ErrorHandling.parse(json, where),
        DefinitionReader.transition(json, where));
  }

  @Override
  public Step execute(JsonNode input, StateRun run) {
    return errorHandling.run(
        input,
        run,
        next,
        retryCount -> {
          JsonNode context = run.context(retryCount);
          JsonNode effective = io.effectiveInput(input, context);
          List<Callable<JsonNode>> work = new ArrayList<>();
          for (StateGraph branch : branches) {
            work.add(() -> branch.run(effective, run.execution(), false));
          }
          return io.output(input, BranchRunner.runAll(work, 0), context);
        });
  }

  @Override
  public List<String> targets() {
    List<String> targets = new ArrayList<>();
    if (next != null) {
      targets.add(next);
    }
    errorHandling.catchers().forEach(catcher -> targets.add(catcher.next()));
    return targets;
  }
}
