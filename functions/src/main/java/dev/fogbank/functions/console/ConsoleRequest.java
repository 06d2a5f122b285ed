package dev.fogbank.functions.console;

import java.util.Map;
import java.util.Optional;

/**
 * One browser request, transport-neutral: the local server and the Lambda handler both make one.
 * {@code secure}: it arrived over HTTPS (the session cookie is then marked Secure).
 */
public record ConsoleRequest(
    String method,
    String path,
    Map<String, String> query,
    Map<String, String> headers,
    String body,
    boolean secure) {

  public ConsoleRequest {
    query = query == null ? Map.of() : query;
    headers = headers == null ? Map.of() : headers;
  }

  /** A header by name, in any case (HTTP header names are case-insensitive). */
  public Optional<String> header(String name) {
    return headers.entrySet().stream()
        .filter(h -> name.equalsIgnoreCase(h.getKey()))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** An htmx request asks for a fragment, not a page. */
  boolean fromHtmx() {
    return header("HX-Request").isPresent();
  }
}
