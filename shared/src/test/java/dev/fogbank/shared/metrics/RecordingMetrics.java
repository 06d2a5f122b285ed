package dev.fogbank.shared.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every point recorded, for tests to assert on. */
public final class RecordingMetrics implements Metrics {
  public record Point(Metric metric, String dimension, double value, Map<String, String> properties) {}

  private final List<Point> points = new CopyOnWriteArrayList<>();

  @Override
  public void record(Metric metric, String dimension, double value, Map<String, String> properties) {
    points.add(new Point(metric, dimension, value, Map.copyOf(properties)));
  }

  public List<Point> of(Metric metric) {
    return points.stream().filter(p -> p.metric() == metric).toList();
  }
}
