package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.stack.FailedResource;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a Catch's {Error, Cause} into the code and message history keeps. A function's own failure
 * is named {@code fogbank.<CODE>} (see {@code fogbank.FunctionFailure}) and its message is Lambda's
 * {@code errorMessage} in Cause; anything else (timeouts, runtime crashes) is INTERNAL with what is
 * known, never a stack trace.
 */
final class FailureReason {
  /** Bounds what an unknown failure puts in history: its Cause may be a whole stack trace. */
  static final int MAX_UNKNOWN_MESSAGE = 500;

  private static final Map<String, ErrorCode> BY_ERROR_NAME =
      Arrays.stream(ErrorCode.values())
          .collect(Collectors.toUnmodifiableMap(ErrorCode::errorName, Function.identity()));

  private FailureReason() {}

  static DeploymentError from(JsonNode failure) {
    String error = failure.path("Error").asText("");
    String cause = failure.path("Cause").asText("");
    String message = errorMessage(cause).orElse(cause);
    ErrorCode code = BY_ERROR_NAME.get(error);
    if (code == ErrorCode.STACK_FAILED) {
      // The stack step leads its message with the resource that failed first (the root cause).
      return new DeploymentError(code.name(), message, FailedResource.parse(message).orElse(null));
    }
    if (code != null) {
      return new DeploymentError(code.name(), message);
    }
    if ("States.Timeout".equals(error)) {
      return new DeploymentError(ErrorCode.INTERNAL.name(), "a deployment step timed out");
    }
    String text = message.isBlank() ? error : message;
    return new DeploymentError(
        ErrorCode.INTERNAL.name(),
        "deployment step failed ("
            + limit(error)
            + ")"
            + (text.isBlank() ? "" : ": " + limit(text)));
  }

  /** Lambda's Cause is {"errorMessage","errorType","stackTrace"}; States.* causes are text. */
  private static Optional<String> errorMessage(String cause) {
    if (!cause.startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonNode parsed = Json.mapper().readTree(cause);
      JsonNode message = parsed == null ? null : parsed.get("errorMessage");
      return message != null && message.isTextual()
          ? Optional.of(message.asText())
          : Optional.empty();
    } catch (Exception notJson) {
      return Optional.empty();
    }
  }

  private static String limit(String s) {
    return s.length() > MAX_UNKNOWN_MESSAGE ? s.substring(0, MAX_UNKNOWN_MESSAGE) + "..." : s;
  }
}
