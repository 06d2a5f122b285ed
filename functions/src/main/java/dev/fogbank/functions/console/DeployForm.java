package dev.fogbank.functions.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fogbank.shared.error.CallerText;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The deploy form's fields, turned into the {@code POST /deployments} body: {@code stackName},
 * {@code templateBody}, {@code parameters} and {@code tags} as {@code Key=Value} lines, {@code
 * approval}. Everything else (names, template, sizes, grants) is checked by the route itself.
 */
final class DeployForm {
  /** A form holds a template: the API's 2 MB body, URL-encoded (up to three bytes a byte). */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  static final List<String> APPROVALS = List.of("auto-below-high", "always", "never");

  private DeployForm() {}

  /** A fresh key per rendered form: submitting the same form twice starts one deployment. */
  static String newIdempotencyKey() {
    return "console-" + UUID.randomUUID();
  }

  static String requestJson(Map<String, String> form) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("stackName", form.getOrDefault("stackName", "").strip());
    // Browsers send CRLF line ends from a textarea; the template is stored as typed otherwise.
    body.put("templateBody", form.getOrDefault("templateBody", "").replace("\r\n", "\n"));
    body.put("parameters", pairs("parameters", form.get("parameters")));
    body.put("tags", pairs("tags", form.get("tags")));
    String approval = form.getOrDefault("approval", "");
    if (!approval.isEmpty() && !approval.equals(APPROVALS.get(0))) {
      body.put("options", Map.of("approval", approval));
    }
    try {
      return Json.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }

  /** {@code Key=Value} lines (blank lines skipped; the value may hold '='). */
  static Map<String, String> pairs(String field, String text) {
    Map<String, String> pairs = new LinkedHashMap<>();
    if (text == null) {
      return pairs;
    }
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new InvalidRequestException(
            field + " line " + (i + 1) + " is not Key=Value: write one Key=Value a line");
      }
      String key = line.substring(0, eq).strip();
      if (pairs.put(key, line.substring(eq + 1).strip()) != null) {
        throw new InvalidRequestException(
            field + " line " + (i + 1) + " repeats '" + CallerText.shown(key, 120) + "'");
      }
    }
    return pairs;
  }
}
