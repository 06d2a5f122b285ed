package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/** StartAt and States: the top-level machine, a Parallel branch or a Map item processor. */
record StateGraph(String startAt, Map<String, State> states) {

  /** Runs from StartAt to a terminal state; a failure escapes as {@link AslFailure}. */
  JsonNode run(JsonNode input, Execution execution, boolean topLevel) {
    String current = startAt;
    JsonNode data = input;
    while (true) {
      execution.checkDeadline();
      State state = states.get(current);
      long eventId = execution.nextEventId();
      Instant entered = execution.clock.instant();
      if (topLevel) {
        execution.journal.entered(execution.name, current, data);
      }
      Step step;
      try {
        step = state.execute(data, new StateRun(execution, current, entered, eventId));
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
