package dev.fogbank.functions.scans;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.wiring.ScansWiring;
import dev.fogbank.shared.drift.DriftScanSteps;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.LogContext;
import dev.fogbank.shared.log.StructuredLog;
import fogbank.FunctionFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Task states of {@code drift-scan.asl.json}, one function for the five steps: the state's
 * Parameters name the {@code action} (begin, detect, check, fail, finish) and carry its input.
 * Failures are {@code fogbank.<CODE>}, which the definition retries or catches by name.
 */
public final class DriftScanStepHandler
    implements RequestStreamHandler, Function<JsonNode, JsonNode> {
  private final Supplier<DriftScanSteps> steps;

  public DriftScanStepHandler() {
    this(ScansWiring::driftScanSteps);
    // Lambda builds the handler during init: SnapStart priming runs before the snapshot.
    ScansWiring.registerPriming();
  }

  public DriftScanStepHandler(DriftScanSteps steps) {
    this(() -> steps);
  }

  private DriftScanStepHandler(Supplier<DriftScanSteps> steps) {
    this.steps = Objects.requireNonNull(steps, "steps");
  }

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) {
    try {
      Json.mapper().writeValue(out, apply(Json.mapper().readTree(in)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Entry point shared by Lambda and the local ASL engine. */
  @Override
  public JsonNode apply(JsonNode input) {
    String action = input.path("action").asText("");
    try (LogContext context = LogContext.of(null, input.path("stack").asText(null))) {
      return Json.mapper().valueToTree(run(action, input));
    } catch (DeploymentException e) {
      // Retry or not is the state machine's choice, by the failure's name (fogbank.<CODE>).
      throw FunctionFailure.of(e.code(), e.getMessage());
    } catch (IllegalArgumentException e) {
      throw FunctionFailure.of(ErrorCode.INVALID_REQUEST, "drift scan " + action + ": " + e.getMessage());
    } catch (RuntimeException bug) {
      StructuredLog.error(
          "drift_scan_step_failed",
          Map.of("action", action, "type", bug.getClass().getName()));
      throw FunctionFailure.of(
          ErrorCode.INTERNAL,
          "drift scan " + action + ": internal error (" + bug.getClass().getSimpleName() + ")");
    }
  }

  private Object run(String action, JsonNode in) {
    DriftScanSteps scan = steps.get();
    return switch (action) {
      case "begin" -> scan.begin(text(in, "scanId"), in.path("trigger").asText("schedule"),
          names(in.path("stacks")));
      case "page" -> scan.page(text(in, "scanId"), page(in.path("page")));
      case "detect" -> scan.detect(text(in, "scanId"), text(in, "stack"));
      case "check" -> scan.check(progress(in.path("progress")));
      case "fail" -> fail(scan, in);
      case "finish" -> scan.finish(text(in, "scanId"));
      default -> throw new IllegalArgumentException("unknown action '" + action + "'");
    };
  }

  /** Error and Cause as Step Functions catches them; Cause is the Lambda error document. */
  private static Object fail(DriftScanSteps scan, JsonNode in) {
    JsonNode failure = in.path("failure");
    String error = failure.path("Error").asText("States.TaskFailed");
    String code = error.startsWith("fogbank.") ? error.substring("fogbank.".length()) : error;
    String cause = failure.path("Cause").asText("");
    String message = cause;
    try {
      JsonNode document = Json.mapper().readTree(cause);
      if (document != null && document.hasNonNull("errorMessage")) {
        message = document.get("errorMessage").asText();
      }
    } catch (IOException | RuntimeException notJson) {
      // A Cause that is not the Lambda error document (States.Timeout, ...) is kept as it is.
    }
    return scan.failed(text(in, "scanId"), text(in, "stack"), code, message);
  }

  private static DriftScanSteps.StackProgress progress(JsonNode node) {
    try {
      return Json.mapper().treeToValue(node, DriftScanSteps.StackProgress.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("progress is malformed");
    }
  }

  private static int page(JsonNode value) {
    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
      throw new IllegalArgumentException("page must be a whole number, 0 or more");
    }
    return value.asInt();
  }

  private static String text(JsonNode in, String field) {
    JsonNode value = in.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value.asText();
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(n -> names.add(n.asText()));
    }
    return names;
  }
}
