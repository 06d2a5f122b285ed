package dev.fogbank.cli.local;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the HTTP requests the AWS SDK sends (each attempt, retries included), by {@code
 * Service:Operation}: what a benchmark bills or compares, counted from the run itself.
 */
final class SdkRequestCounter implements ExecutionInterceptor {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
    String key =
        attrs.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
            + ":"
            + attrs.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  /** The counts so far, sorted by key. */
  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  void reset() {
    counts.clear();
  }

  /** The requests to one service so far. */
  long total(String service) {
    return snapshot().entrySet().stream()
        .filter(e -> e.getKey().startsWith(service + ":"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
