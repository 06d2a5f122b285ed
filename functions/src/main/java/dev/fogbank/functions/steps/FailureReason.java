package dev.fogbank.functions.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Catch's {Error, Cause} into the code and message history keeps. A step's own failures
 * carry "[CODE] message" in Lambda's errorMessage; anything else (timeouts, runtime crashes) is
 * INTERNAL with what is known, never a stack trace.
 */
final class FailureReason {
  private static final Pattern CODED = Pattern.compile("^\\[([A-Z_]+)] (.*)$", Pattern.DOTALL);

  private FailureReason() {}

  static DeploymentError from(JsonNode failure) {
    String error = failure.path("Error").asText("");
    String cause = failure.path("Cause").asText("");
    String message = cause;
    try {
      JsonNode parsed = Json.mapper().readTree(cause);
      if (parsed != null && parsed.hasNonNull("errorMessage")) {
        message = parsed.get("errorMessage").asText();
      }
    } catch (Exception notJson) {
      // Causes from States.* errors are plain text.
    }
    Matcher m = CODED.matcher(message);
    if (m.matches() && isCode(m.group(1))) {
      return new DeploymentError(m.group(1), m.group(2));
    }
    if (error.startsWith("fogbank.") && isCode(error.substring(8))) {
      return new DeploymentError(error.substring(8), message);
    }
    if ("States.Timeout".equals(error)) {
      return new DeploymentError(ErrorCode.INTERNAL.name(), "a deployment step timed out");
    }
    String text = message.isBlank() ? error : message;
    return new DeploymentError(
        ErrorCode.INTERNAL.name(),
        "deployment step failed (" + error + ")" + (text.isBlank() ? "" : ": " + limit(text)));
  }

  private static boolean isCode(String s) {
    try {
      ErrorCode.valueOf(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String limit(String s) {
    return s.length() > 500 ? s.substring(0, 500) + "..." : s;
  }
}
