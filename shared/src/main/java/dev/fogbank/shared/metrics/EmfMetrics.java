package dev.fogbank.shared.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.json.Json;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * CloudWatch embedded metric format: one JSON object per data point, one line on standard output,
 * which Lambda sends to the function's log group, where CloudWatch Logs extracts the metric. Each
 * line is its own flush (a handler that dies loses nothing already recorded); fogbank records a few
 * points per invocation, so batching would save little.
 *
 * <p>Written with the Jackson every artifact already carries: the EMF client library and Powertools
 * metrics pull in commons-lang3, slf4j and javatuples, more than the api artifact's headroom under
 * its 12 MiB budget (docs/operations.md).
 */
public final class EmfMetrics implements Metrics {
  private final PrintStream out;
  private final String function;
  private final Clock clock;

  private EmfMetrics(PrintStream out, String function, Clock clock) {
    this.out = Objects.requireNonNull(out, "out");
    this.function = function == null || function.isBlank() ? "unknown" : function;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public static EmfMetrics to(PrintStream out, String function) {
    return to(out, function, Clock.systemUTC());
  }

  public static EmfMetrics to(PrintStream out, String function, Clock clock) {
    return new EmfMetrics(out, function, clock);
  }

  @Override
  public void record(
      Metric metric, String dimension, double value, Map<String, String> properties) {
    out.println(line(metric, dimension, value, properties));
  }

  String line(Metric metric, String dimension, double value, Map<String, String> properties) {
    ObjectNode root = Json.mapper().createObjectNode();
    // Properties first, so that the metric, its dimension and _aws always win a name clash.
    if (properties != null) {
      properties.forEach(
          (name, text) -> {
            if (name != null && text != null) {
              root.put(name, text);
            }
          });
    }
    ObjectNode aws = root.putObject("_aws");
    aws.put("Timestamp", clock.millis());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    directive.putArray("Dimensions").addArray().add(metric.dimension());
    directive
        .putArray("Metrics")
        .addObject()
        .put("Name", metric.metricName())
        .put("Unit", metric.unit().cloudWatchName());
    root.put(metric.dimension(), dimensionValue(metric, dimension, function));
    root.put(metric.metricName(), value);
    return root.toString();
  }

  /** The dimension's value: the function's name for a Function dimension, else as given. */
  static String dimensionValue(Metric metric, String dimension, String function) {
    if ("Function".equals(metric.dimension())) {
      return function;
    }
    return dimension == null || dimension.isBlank() ? "unknown" : dimension;
  }
}
