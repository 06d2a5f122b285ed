package dev.fogbank.shared.metrics;

import java.time.Duration;
import java.util.Map;

/**
 * Where fogbank's own metrics go: CloudWatch embedded metric format on Lambda ({@link EmfMetrics}),
 * Prometheus text in local mode (the cli's adapter), nowhere in unit tests. Recording never throws:
 * a lost data point beats a failed deployment.
 *
 * <p>Process-wide, like {@code StructuredLog.stderr()}: each happening is recorded at the one place
 * it passes through (history, the step handler), which is shared by every function and the local
 * runtime, so that no wiring has to carry a metrics object there.
 */
public interface Metrics {
  String NAMESPACE = "Fogbank";

  /** Records nothing. */
  Metrics NONE = (metric, dimension, value, properties) -> {};

  /**
   * One data point.
   *
   * @param dimension the value of the metric's one dimension ({@link Metric#dimension()})
   * @param properties searchable context kept beside the point (deploymentId, stack), never
   *     dimensions
   */
  void record(Metric metric, String dimension, double value, Map<String, String> properties);

  default void count(Metric metric, String dimension, Map<String, String> properties) {
    record(metric, dimension, 1, properties);
  }

  default void time(
      Metric metric, String dimension, Duration duration, Map<String, String> properties) {
    if (duration != null && !duration.isNegative()) {
      record(metric, dimension, duration.toMillis(), properties);
    }
  }

  /** From {@code from} to {@code to}; null when either is unknown (then nothing is recorded). */
  static Duration elapsed(java.time.Instant from, java.time.Instant to) {
    return from == null || to == null ? null : Duration.between(from, to);
  }

  /** The properties that say which deployment and stack a point is about; nulls left out. */
  static Map<String, String> about(String deploymentId, String stack) {
    Map<String, String> properties = new java.util.LinkedHashMap<>();
    if (deploymentId != null) {
      properties.put("deploymentId", deploymentId);
    }
    if (stack != null) {
      properties.put("stack", stack);
    }
    return properties;
  }

  /**
   * The process's metrics: what {@link #install} set, otherwise EMF on standard output inside
   * Lambda (where {@code AWS_LAMBDA_FUNCTION_NAME} is set) and {@link #NONE} elsewhere.
   */
  static Metrics current() {
    return MetricsHolder.current();
  }

  /** Makes {@code metrics} the process's metrics (the local runtime installs Prometheus). */
  static void install(Metrics metrics) {
    MetricsHolder.install(metrics);
  }
}
