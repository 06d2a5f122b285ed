package dev.fogbank.functions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Reads API Gateway HTTP API (payload format 2.0) events from {@code src/test/resources/events}.
 * The files are the source of truth; a test derives a variant (another method, path or body) from
 * one by editing the same fields API Gateway would fill, then binds it to the Lambda event type.
 */
public final class HttpApiEvents {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private HttpApiEvents() {}

  public static ObjectNode load(String name) {
    try (InputStream in = HttpApiEvents.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture events/" + name);
      }
      return (ObjectNode) MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static APIGatewayV2HTTPEvent event(String name) {
    return bind(load(name));
  }

  /** The fixture with another method and path, set where API Gateway puts them. */
  public static ObjectNode request(String name, String method, String path) {
    ObjectNode event = load(name);
    event.put("rawPath", path);
    ObjectNode http = (ObjectNode) event.path("requestContext").path("http");
    http.put("method", method);
    http.put("path", path);
    return event;
  }

  public static ObjectNode withBody(ObjectNode event, String body) {
    if (body == null) {
      event.remove("body");
    } else {
      event.put("body", body);
    }
    event.put("isBase64Encoded", false);
    return event;
  }

  /** Query parameters as API Gateway passes them: raw string plus decoded values. */
  public static ObjectNode withQuery(ObjectNode event, Map<String, String> query) {
    ObjectNode params = event.putObject("queryStringParameters");
    StringBuilder raw = new StringBuilder();
    query.forEach(
        (k, v) -> {
          params.put(k, v);
          raw.append(raw.isEmpty() ? "" : "&")
              .append(k)
              .append('=')
              .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
        });
    event.put("rawQueryString", raw.toString());
    return event;
  }

  public static APIGatewayV2HTTPEvent bind(ObjectNode event) {
    try {
      return MAPPER.treeToValue(event, APIGatewayV2HTTPEvent.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
