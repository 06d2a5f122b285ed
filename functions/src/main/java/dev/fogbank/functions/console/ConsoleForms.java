package dev.fogbank.functions.console;

import dev.fogbank.shared.error.InvalidRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body: the only kind the console's forms send. */
final class ConsoleForms {
  private ConsoleForms() {}

  static Map<String, String> parse(String body, int maxBytes) {
    Map<String, String> form = new HashMap<>();
    if (body == null || body.isEmpty()) {
      return form;
    }
    if (body.length() > maxBytes) {
      throw new InvalidRequestException("the form is over " + maxBytes + " bytes");
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        form.putIfAbsent(
            URLDecoder.decode(k, StandardCharsets.UTF_8),
            URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("the form body is not URL-encoded");
      }
    }
    return form;
  }
}
