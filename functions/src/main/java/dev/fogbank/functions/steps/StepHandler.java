package dev.fogbank.functions.steps;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.LogContext;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.metrics.Metric;
import dev.fogbank.shared.metrics.Metrics;
import fogbank.FunctionFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * A Task state of the deploy state machine: reads the execution state, calls one domain
 * operation, returns its result (the state machine puts it at the state's ResultPath).
 */
public abstract class StepHandler
    implements RequestStreamHandler, Function<JsonNode, JsonNode> {

  /** The step's work on the whole execution state. */
  protected abstract Object run(DeploymentInput input, JsonNode state);

  /** Entry point shared by Lambda and the local ASL engine. */
  @Override
  public final JsonNode apply(JsonNode state) {
    DeploymentInput input;
    try {
      input = Json.mapper().treeToValue(state, DeploymentInput.class);
    } catch (IOException | IllegalArgumentException e) {
      throw FunctionFailure.of(
          ErrorCode.INVALID_REQUEST, getClass().getSimpleName() + ": unreadable step input");
    }
    // Every line the step's domain code writes says which deployment and stack it is about.
    try (LogContext context = LogContext.of(input.deploymentId(), input.stackName())) {
      return applyTo(input, state);
    }
  }

  private JsonNode applyTo(DeploymentInput input, JsonNode state) {
    try {
      long started = System.nanoTime();
      Object result = run(input, state);
      if (durationMetric() != null) {
        Metrics.current()
            .time(durationMetric(), null, Duration.ofNanos(System.nanoTime() - started),
                Metrics.about(input.deploymentId(), input.stackName()));
      }
      return result == null ? NullNode.getInstance() : Json.mapper().valueToTree(result);
    } catch (DeploymentException e) {
      StructuredLog.warn(
          "step_failed",
          Map.of(
              "step", getClass().getSimpleName(),
              "deploymentId", String.valueOf(input.deploymentId()),
              "code", e.code().name(),
              "message", String.valueOf(e.getMessage())));
      // Retry or not is the state machine's choice, by the failure's name (fogbank.<CODE>).
      throw FunctionFailure.of(e.code(), e.getMessage());
    } catch (RuntimeException bug) {
      // A bug, not the deployment's fault: history gets the step and the type, never a
      // third-party message or trace; the log line has the type to find it by.
      StructuredLog.error(
          "step_failed",
          Map.of(
              "step", getClass().getSimpleName(),
              "deploymentId", String.valueOf(input.deploymentId()),
              "code", ErrorCode.INTERNAL.name(),
              "type", bug.getClass().getName()));
      throw FunctionFailure.of(
          ErrorCode.INTERNAL,
          getClass().getSimpleName() + ": internal error (" + bug.getClass().getSimpleName() + ")");
    }
  }

  /** The metric this step's own time is recorded as, or null (most steps are not timed). */
  protected Metric durationMetric() {
    return null;
  }

  @Override
  public final void handleRequest(InputStream in, OutputStream out, Context context) {
    try {
      JsonNode result = apply(Json.mapper().readTree(in));
      Json.mapper().writeValue(out, result);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  protected static <T> T read(JsonNode state, String field, Class<T> type) {
    JsonNode node = state.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    try {
      return Json.mapper().treeToValue(node, type);
    } catch (IOException e) {
      throw new DeploymentException(
          ErrorCode.INVALID_REQUEST, "step input field '" + field + "' is malformed");
    }
  }
}
