package dev.fogbank.cli.local;

import dev.fogbank.shared.metrics.Metric;
import dev.fogbank.shared.metrics.Metrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The local runtime's metrics, the same {@link Metric}s as the EMF lines on Lambda, kept in memory
 * and written as Prometheus text for {@code GET /metrics}: counts as counters ({@code
 * fogbank_deployments_total{outcome="SUCCEEDED"}}), times as histograms in seconds ({@code
 * fogbank_lock_wait_seconds}). Each metric's one dimension is its one label, lower-cased. Since
 * the process started; nothing is kept across restarts.
 */
final class PrometheusMetrics implements Metrics {
  /** Seconds: from a fast review to a day-long approval wait. */
  private static final double[] BUCKETS = {
    0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Map<Metric, Counter> counters = new EnumMap<>(Metric.class);
  private final Map<Metric, Histogram> histograms = new EnumMap<>(Metric.class);

  PrometheusMetrics() {
    for (Metric metric : Metric.values()) {
      String label = label(metric);
      String help = metric.metricName() + " by " + label + " (see docs/operations.md)";
      if (metric.unit() == Metric.Unit.COUNT) {
        counters.put(
            metric,
            Counter.builder().name(name(metric)).help(help).labelNames(label).register(registry));
      } else {
        histograms.put(
            metric,
            Histogram.builder()
                .name(name(metric) + "_seconds")
                .help(help)
                .labelNames(label)
                .classicOnly()
                .classicUpperBounds(BUCKETS)
                .register(registry));
      }
    }
  }

  /** {@code fogbank_} and the CloudWatch name in snake case: LockWait → fogbank_lock_wait. */
  static String name(Metric metric) {
    return "fogbank_"
        + metric.metricName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static String label(Metric metric) {
    return metric.dimension().toLowerCase(Locale.ROOT);
  }

  @Override
  public void record(
      Metric metric, String dimension, double value, Map<String, String> properties) {
    // Properties (deployment id, stack) are not labels: one series per stack would grow unbounded.
    String labelValue = "Function".equals(metric.dimension()) ? "local" : dimensionValue(dimension);
    Counter counter = counters.get(metric);
    if (counter != null) {
      counter.labelValues(labelValue).inc(value);
    } else {
      histograms.get(metric).labelValues(labelValue).observe(value / 1000.0);
    }
  }

  private static String dimensionValue(String dimension) {
    return dimension == null || dimension.isBlank() ? "unknown" : dimension;
  }

  /** The Prometheus text exposition format (version 0.0.4). */
  String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}
