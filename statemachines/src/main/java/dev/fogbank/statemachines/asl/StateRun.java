package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One entry into a state: which execution, which state, when, and whether the state belongs to the
 * top-level graph (only those are journaled).
 */
record StateRun(
    Execution execution,
    String stateName,
    Instant enteredTime,
    long enteredEventId,
    boolean topLevel) {

  ObjectNode context(int retryCount) {
    return execution.context(stateName, enteredTime, retryCount);
  }

  /** The context object ItemSelector sees for one Map item. */
  ObjectNode mapItemContext(int retryCount, int index, JsonNode value) {
    ObjectNode context = context(retryCount);
    ObjectNode item = context.putObject("Map").putObject("Item");
    item.put("Index", index);
    item.set("Value", value);
    return context;
  }
}
