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
  /** Each invocation's state, start and end (nanoTime), in order of their ends. */
  private final java.util.Queue<Object[]> spans = new java.util.concurrent.ConcurrentLinkedQueue<>();

  @Override
  public TaskInvoker apply(TaskInvoker invoker) {
    return (String resource, JsonNode input, TaskContext context) -> {
      String state = context == null ? "?" : context.stateName();
      long t0 = System.nanoTime();
      try {
        return invoker.invoke(resource, input, context);
      } finally {
        counts.computeIfAbsent(state, k -> new LongAdder()).increment();
        long t1 = System.nanoTime();
        nanos.computeIfAbsent(state, k -> new LongAdder()).add(t1 - t0);
        spans.add(new Object[] {state, t0, t1});
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

  /**
   * The invocations since the last reset as "state" (a second one "state#2") to {start, end} in ms
   * after {@code originNanos}.
   */
  Map<String, double[]> timeline(long originNanos) {
    Map<String, double[]> out = new java.util.LinkedHashMap<>();
    for (Object[] span : spans) {
      String key = (String) span[0];
      for (int n = 2; out.containsKey(key); n++) {
        key = span[0] + "#" + n;
      }
      out.put(key, new double[] {((long) span[1] - originNanos) / 1e6,
          ((long) span[2] - originNanos) / 1e6});
    }
    return out;
  }

  void reset() {
    spans.clear();
    counts.clear();
    nanos.clear();
  }
}
