package dev.fogbank.functions.console;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the console answers: status, headers (content type, Location, caching), {@code Set-Cookie}
 * values (API Gateway payload v2 carries them apart from the headers) and the body bytes.
 */
public record ConsoleResponse(
    int status, Map<String, String> headers, List<String> cookies, byte[] body) {

  static final String HTML = "text/html; charset=utf-8";

  public ConsoleResponse {
    headers = Map.copyOf(headers);
    cookies = List.copyOf(cookies);
  }

  static ConsoleResponse html(int status, String html, List<String> cookies) {
    Map<String, String> headers = new LinkedHashMap<>(securityHeaders());
    headers.put("Content-Type", HTML);
    headers.put("Cache-Control", "no-store");
    return new ConsoleResponse(status, headers, cookies, html.getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON answer to a program (the login ticket), never cached. */
  static ConsoleResponse json(int status, Object body) {
    String text;
    try {
      text = dev.fogbank.shared.json.Json.mapper().writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("not serialisable: " + body.getClass().getName(), e);
    }
    Map<String, String> headers = new LinkedHashMap<>(securityHeaders());
    headers.put("Content-Type", "application/json");
    headers.put("Cache-Control", "no-store");
    return new ConsoleResponse(status, headers, List.of(), text.getBytes(StandardCharsets.UTF_8));
  }

  static ConsoleResponse redirect(String location, List<String> cookies) {
    Map<String, String> headers = new LinkedHashMap<>(securityHeaders());
    headers.put("Location", location);
    headers.put("Cache-Control", "no-store");
    return new ConsoleResponse(303, headers, cookies, new byte[0]);
  }

  static ConsoleResponse asset(String contentType, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>(securityHeaders());
    headers.put("Content-Type", contentType);
    headers.put("Cache-Control", "public, max-age=3600");
    return new ConsoleResponse(200, headers, List.of(), body);
  }

  /** This response with one more header. */
  ConsoleResponse with(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ConsoleResponse(status, more, cookies, body);
  }

  /**
   * No inline script may run (every script is a same-origin file), no framing, no sniffing: an
   * escaped value that slipped through still could not execute.
   */
  private static Map<String, String> securityHeaders() {
    return Map.of(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
        "X-Content-Type-Options", "nosniff",
        "Referrer-Policy", "same-origin");
  }
}
