package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A parsed state. Each type runs its own semantics against the execution it belongs to. */
sealed interface State
    permits PassState,
        TaskState,
        ChoiceState,
        WaitState,
        SucceedState,
        FailState,
        ParallelState,
        MapState {

  Step execute(JsonNode input, StateRun run);

  /** Every state name this state can move to (Next, Default, Catch targets), for validation. */
  List<String> targets();
}
