package dev.fogbank.shared.metrics;

import dev.fogbank.shared.log.StructuredLog;
import java.util.Map;
import java.util.Objects;

/** Holds the process-wide {@link Metrics}; failures of an adapter are logged, never thrown. */
final class MetricsHolder {
  private static volatile Metrics installed;

  private MetricsHolder() {}

  static Metrics current() {
    Metrics metrics = installed;
    if (metrics == null) {
      String function = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
      metrics =
          function == null || function.isBlank()
              ? Metrics.NONE
              : guarded(EmfMetrics.to(System.out, function));
      installed = metrics;
    }
    return metrics;
  }

  static void install(Metrics metrics) {
    installed = guarded(Objects.requireNonNull(metrics, "metrics"));
  }

  private static Metrics guarded(Metrics metrics) {
    return (metric, dimension, value, properties) -> {
      try {
        metrics.record(metric, dimension, value, properties);
      } catch (RuntimeException e) {
        StructuredLog.warn(
            "metric_not_recorded",
            Map.of("metric", metric.metricName(), "type", e.getClass().getName()));
      }
    };
  }
}
