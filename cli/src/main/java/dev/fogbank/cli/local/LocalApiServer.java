package dev.fogbank.cli.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fogbank.functions.api.ApiHandler;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The local stand-in for API Gateway: listens on 127.0.0.1 only, checks the bearer token (where
 * AWS checks SigV4), turns the request into a payload-v2 event and calls the same ApiHandler.
 */
final class LocalApiServer implements AutoCloseable {
  /** Requests larger than this are refused before reading them whole (API Gateway: 10 MB). */
  private static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

  private final HttpServer server;
  private final RequestLineGuard guard;
  private final ApiHandler handler;
  private final byte[] token;
  private final Supplier<String> problem;

  LocalApiServer(int port, ApiHandler handler, String token) throws IOException {
    this(port, handler, token, () -> null);
  }

  /** {@code problem} says what keeps the runtime from working (null: nothing), for /health. */
  LocalApiServer(int port, ApiHandler handler, String token, Supplier<String> problem)
      throws IOException {
    this.handler = handler;
    this.problem = problem;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    // The JDK server listens on a free loopback port behind the guard, which owns the API port.
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    try {
      this.guard = new RequestLineGuard(port, server.getAddress().getPort());
    } catch (java.net.BindException e) {
      throw new IOException(
          "port " + port + " on 127.0.0.1 is already in use (--port 0 picks a free one)", e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::exchange);
  }

  void start() {
    server.start();
    guard.start();
  }

  int port() {
    return guard.port();
  }

  private void exchange(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (!path.equals("/health") && !authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
        send(ex, 401, "{\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":"
            + "\"missing or wrong bearer token (Authorization: Bearer <token>)\"}}");
        return;
      }
      String unhealthy = path.equals("/health") ? problem.get() : null;
      if (unhealthy != null) {
        send(ex, 503, Json.mapper().writeValueAsString(
            Map.of("status", "unavailable", "problem", unhealthy)));
        return;
      }
      byte[] body;
      try {
        body = readLimited(ex.getRequestBody());
      } catch (IOException malformed) {
        // A broken chunked encoding (or a body cut short): answered, not dropped in silence.
        send(ex, 400, "{\"error\":{\"code\":\"INVALID_REQUEST\",\"message\":"
            + "\"the request body could not be read: its framing (chunked encoding or"
            + " Content-Length) is malformed\"}}");
        // Out now: closing the exchange drains the broken body again, and that throws.
        ex.getResponseBody().flush();
        return;
      }
      if (body == null) {
        send(ex, 413, "{\"error\":{\"code\":\"TEMPLATE_TOO_LARGE\",\"message\":"
            + "\"request body is over " + MAX_REQUEST_BYTES + " bytes\"}}");
        return;
      }
      APIGatewayV2HTTPEvent event = toEvent(ex, path, body);
      APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
      send(ex, response.getStatusCode(), response.getBody());
    }
  }

  private boolean authorized(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token); // constant time
  }

  private static APIGatewayV2HTTPEvent toEvent(HttpExchange ex, String path, byte[] body) {
    Map<String, String> query = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        query.put(
            URLDecoder.decode(k, StandardCharsets.UTF_8),
            URLDecoder.decode(v, StandardCharsets.UTF_8));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("$default")
        .withRawPath(path)
        .withRawQueryString(raw == null ? "" : raw)
        .withHeaders(headers)
        .withQueryStringParameters(query)
        .withBody(body.length == 0 ? null : new String(body, StandardCharsets.UTF_8))
        .withIsBase64Encoded(false)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withStage("$default")
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(ex.getRequestMethod())
                        .withPath(path)
                        .withSourceIp(ex.getRemoteAddress().getAddress().getHostAddress())
                        .build())
                .build())
        .build();
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
    return bytes.length > MAX_REQUEST_BYTES ? null : bytes;
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    // One request per connection (RequestLineGuard checks each request line): say so, or a
    // client would send its next request on a connection that is closing.
    ex.getResponseHeaders().set("Connection", "close");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    guard.close();
    server.stop(0);
  }
}
