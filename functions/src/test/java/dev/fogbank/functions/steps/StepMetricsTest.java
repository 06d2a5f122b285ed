package dev.fogbank.functions.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.metrics.Metric;
import dev.fogbank.shared.metrics.Metrics;
import dev.fogbank.shared.metrics.RecordingMetrics;
import fogbank.FunctionFailure;
import java.io.InputStream;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A timed step (Review) records its own time once it succeeds; other steps record nothing. */
class StepMetricsTest {
  private final RecordingMetrics metrics = new RecordingMetrics();

  @BeforeEach
  void install() {
    Metrics.install(metrics);
  }

  @AfterEach
  void uninstall() {
    Metrics.install(Metrics.NONE);
  }

  @Test
  void apply_whenTimedStepSucceeds_thenReviewTimeWithDeploymentAndStack() throws Exception {
    new TimedStep(
            in -> {
              sleep(30);
              return "ok";
            })
        .apply(state());

    List<RecordingMetrics.Point> points = metrics.of(Metric.REVIEW_TIME);
    assertEquals(1, points.size());
    assertTrue(points.getFirst().value() >= 30, "measured " + points.getFirst().value());
    assertEquals("web", points.getFirst().properties().get("stack"));
    assertTrue(points.getFirst().properties().containsKey("deploymentId"));
  }

  @Test
  void apply_whenTimedStepFails_thenNoReviewTime() throws Exception {
    JsonNode state = state();
    TimedStep step =
        new TimedStep(
            in -> {
              throw new DeploymentException(ErrorCode.STACK_FAILED, "no");
            });

    assertThrows(FunctionFailure.class, () -> step.apply(state));

    assertEquals(List.of(), metrics.of(Metric.REVIEW_TIME));
  }

  @Test
  void reviewChangeSetHandler_isTimedAsReviewTime() {
    assertEquals(Metric.REVIEW_TIME, new ReviewChangeSetHandler(null).durationMetric());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static JsonNode state() throws Exception {
    try (InputStream in =
        StepMetricsTest.class.getResourceAsStream("/events/step-record-failure-state.json")) {
      return Json.mapper().readTree(in);
    }
  }

  private static final class TimedStep extends StepHandler {
    private final Function<DeploymentInput, Object> work;

    TimedStep(Function<DeploymentInput, Object> work) {
      this.work = work;
    }

    @Override
    protected Metric durationMetric() {
      return Metric.REVIEW_TIME;
    }

    @Override
    protected Object run(DeploymentInput input, JsonNode state) {
      return work.apply(input);
    }
  }
}
