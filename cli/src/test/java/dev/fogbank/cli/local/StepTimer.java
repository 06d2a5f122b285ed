package dev.fogbank.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.statemachines.asl.TaskContext;
import dev.fogbank.statemachines.asl.TaskInvoker;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * The deploy state machine's Lambda invocations as the local engine makes them: how many per state
 * and how long each handler ran (what Lambda would bill).
 */
final class StepTimer implements UnaryOperator<TaskInvoker> {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();

  @Override
  public TaskInvoker apply(TaskInvoker invoker) {
    return (String resource, JsonNode input, TaskContext context) -> {
      String state = context == null ? "?" : context.stateName();
      long t0 = System.nanoTime();
      try {
        return invoker.invoke(resource, input, context);
      } finally {
        counts.computeIfAbsent(state, k -> new LongAdder()).increment();
        nanos.computeIfAbsent(state, k -> new LongAdder()).add(System.nanoTime() - t0);
      }
    };
  }

  Map<String, Long> invocations() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  Map<String, Double> millis() {
    Map<String, Double> out = new TreeMap<>();
    nanos.forEach((k, v) -> out.put(k, v.sum() / 1e6));
    return out;
  }

  void reset() {
    counts.clear();
    nanos.clear();
  }
}
