package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/** StartAt and States: the top-level machine, a Parallel branch or a Map item processor. */
record StateGraph(String startAt, Map<String, State> states) {

  /** Runs from StartAt to a terminal state; a failure escapes as {@link AslFailure}. */
  JsonNode run(JsonNode input, Execution execution, boolean topLevel) {
    return run(startAt, input, execution, topLevel);
  }

  /** Runs from {@code from} (a resumed execution's current state) to a terminal state. */
  JsonNode run(String from, JsonNode input, Execution execution, boolean topLevel) {
    if (!states.containsKey(from)) {
      throw new IllegalArgumentException("no state named '" + from + "'");
    }
    String current = from;
    JsonNode data = input;
    while (true) {
      execution.checkDeadline();
      State state = states.get(current);
      long eventId = execution.nextEventId();
      Instant entered = execution.clock.instant();
      if (topLevel) {
        execution.journal.entered(execution.name, current, data);
      }
      execution.journal.transition(execution.name, current);
      Step step;
      try {
        step = state.execute(data, new StateRun(execution, current, entered, eventId, topLevel));
      } catch (AslFailure failure) {
        throw failure.locatedAt(current, eventId);
      }
      execution.nextEventId();
      if (step.next() == null) {
        return step.output();
      }
      current = step.next();
      data = step.output();
    }
  }
}
