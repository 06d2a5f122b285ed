package dev.fogbank.cli.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fogbank.functions.api.ApiHandler;
import dev.fogbank.functions.api.SlackActionRoutes;
import dev.fogbank.functions.console.Console;
import dev.fogbank.functions.console.ConsoleRequest;
import dev.fogbank.functions.console.ConsoleResponse;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The local stand-in for API Gateway: listens on 127.0.0.1 only, authenticates the bearer token
 * (where AWS checks SigV4), turns the request into a payload-v2 event carrying the token's
 * principal and calls the same ApiHandler, whose routes authorize it.
 */
final class LocalApiServer implements AutoCloseable {
  /** Requests larger than this are refused before reading them whole (API Gateway: 10 MB). */
  private static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

  private final HttpServer server;
  private final RequestLineGuard guard;
  private final ApiHandler handler;
  private final LocalTokens tokens;
  private final Console console;
  private final Supplier<String> problem;
  private volatile LocalMetricsRoute metrics;

  /** A server whose only token is {@code adminToken} (principal {@code local-admin}). */
  LocalApiServer(int port, ApiHandler handler, String adminToken) throws IOException {
    this(port, handler, LocalTokens.adminOnly(adminToken));
  }

  LocalApiServer(int port, ApiHandler handler, LocalTokens tokens) throws IOException {
    this(port, handler, tokens, null, () -> null);
  }

  /** Only {@code adminToken}; {@code problem} says what keeps the runtime from working. */
  LocalApiServer(int port, ApiHandler handler, String adminToken, Supplier<String> problem)
      throws IOException {
    this(port, handler, LocalTokens.adminOnly(adminToken), null, problem);
  }

  /**
   * With the web console on the same port (its pages check their session cookie themselves);
   * {@code problem} says what keeps the runtime from working (null: nothing), for /health.
   */
  LocalApiServer(
      int port,
      ApiHandler handler,
      LocalTokens tokens,
      Console console,
      Supplier<String> problem)
      throws IOException {
    this.handler = handler;
    this.tokens = tokens;
    this.console = console;
    this.problem = problem;
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

  /** Serves {@code GET /metrics} (Prometheus text) from {@code metrics}. */
  LocalApiServer withMetrics(LocalMetricsRoute metrics) {
    this.metrics = metrics;
    return this;
  }

  void start() {
    server.start();
    guard.start();
  }

  int port() {
    return guard.port();
  }

  /** The JDK server's own port behind the guard (for the benchmark that times the guard's hop). */
  int backendPort() {
    return server.getAddress().getPort();
  }

  private void exchange(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      if (console != null && Console.serves(path)) {
        console(ex, path);
        return;
      }
      String unhealthy = path.equals("/health") ? problem.get() : null;
      if (unhealthy != null) {
        send(ex, 503, Json.mapper().writeValueAsString(
            Map.of("status", "unavailable", "problem", unhealthy)));
        return;
      }
      String principal = null;
      // Slack's button presses carry Slack's signature (checked by the route), not a token.
      if (!path.equals("/health") && !path.equals(SlackActionRoutes.PATH)) {
        BearerToken.Parsed parsed = BearerToken.parse(ex.getRequestHeaders().get("Authorization"));
        if (parsed instanceof BearerToken.Refused refused) {
          unauthorized(ex, refused.reason());
          return;
        }
        principal = tokens.principalOf(((BearerToken.Token) parsed).value()).orElse(null);
        if (principal == null) {
          unauthorized(ex, "wrong bearer token");
          return;
        }
      }
      if (metrics != null && path.equals(LocalMetricsRoute.PATH)) {
        LocalMetricsRoute.Answer answer = metrics.answer(ex.getRequestMethod(), principal);
        send(ex, answer.status(), answer.body(), answer.contentType());
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
      APIGatewayV2HTTPEvent event = toEvent(ex, path, body, principal);
      APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
      String type =
          response.getHeaders() == null ? null : response.getHeaders().get("content-type");
      if (response.getHeaders() != null) {
        response.getHeaders().forEach(
            (name, value) -> {
              if (!name.equalsIgnoreCase("content-type")) {
                ex.getResponseHeaders().set(name, value);
              }
            });
      }
      send(ex, response.getStatusCode(), response.getBody(), type);
    }
  }

  private void console(HttpExchange ex, String path) throws IOException {
    byte[] body = readLimited(ex.getRequestBody());
    if (body == null) {
      send(ex, 413, "{\"error\":{\"code\":\"INVALID_REQUEST\",\"message\":\"request too large\"}}");
      return;
    }
    APIGatewayV2HTTPEvent event = toEvent(ex, path, body, null);
    ConsoleResponse response =
        console.handle(
            new ConsoleRequest(
                ex.getRequestMethod(),
                path,
                event.getQueryStringParameters(),
                event.getHeaders(),
                body.length == 0 ? null : new String(body, StandardCharsets.UTF_8),
                false));
    response.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    response.cookies().forEach(c -> ex.getResponseHeaders().add("Set-Cookie", c));
    // One request per connection behind RequestLineGuard, as for the API's answers (send).
    ex.getResponseHeaders().set("Connection", "close");
    byte[] bytes = ex.getRequestMethod().equals("HEAD") ? new byte[0] : response.body();
    ex.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
  }

  private static void unauthorized(HttpExchange ex, String reason) throws IOException {
    ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
    send(
        ex,
        401,
        dev.fogbank.shared.json.Json.mapper()
            .writeValueAsString(
                Map.of("error", Map.of("code", "UNAUTHORIZED", "message", reason))));
  }

  /**
   * The request as API Gateway would pass it, the token's principal where IAM auth puts the
   * caller's ARN ({@code requestContext.authorizer.iam.userArn}).
   */
  private static APIGatewayV2HTTPEvent toEvent(
      HttpExchange ex, String path, byte[] body, String principal) {
    Map<String, String> headers = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
    return gatewayEvent(
        ex.getRequestMethod(),
        path,
        ex.getRequestURI().getRawQuery(),
        headers,
        body.length == 0 ? null : new String(body, StandardCharsets.UTF_8),
        principal,
        ex.getRemoteAddress().getAddress().getHostAddress());
  }

  /**
   * What API Gateway (HTTP API, payload format 2.0, IAM auth) hands the api function for a
   * request: header names in lower case, the query string decoded into parameters (none: null, as
   * API Gateway sends it), the caller's ARN at {@code requestContext.authorizer.iam.userArn}. The
   * local server and the contract test's Lambda path build their events here alike.
   *
   * @param rawQuery the query string as sent (still %-encoded), or null
   * @param principal the caller's ARN, or null for an unauthenticated request
   */
  static APIGatewayV2HTTPEvent gatewayEvent(
      String method,
      String path,
      String rawQuery,
      Map<String, String> headers,
      String body,
      String principal,
      String sourceIp) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        query.put(
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    Map<String, String> lowerCased = new LinkedHashMap<>();
    headers.forEach((k, v) -> lowerCased.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("$default")
        .withRawPath(path)
        .withRawQueryString(rawQuery == null ? "" : rawQuery)
        .withHeaders(lowerCased)
        .withQueryStringParameters(query.isEmpty() ? null : query)
        .withBody(body)
        .withIsBase64Encoded(false)
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder()
                .withStage("$default")
                .withAuthorizer(
                    principal == null
                        ? null
                        : APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                            .withIam(
                                APIGatewayV2HTTPEvent.RequestContext.IAM.builder()
                                    .withUserArn(principal)
                                    .build())
                            .build())
                .withHttp(
                    APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(method)
                        .withPath(path)
                        .withSourceIp(sourceIp)
                        .build())
                .build())
        .build();
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
    return bytes.length > MAX_REQUEST_BYTES ? null : bytes;
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, body, null);
  }

  /** {@code contentType}: the handler's (text/csv for a CSV answer); null for JSON. */
  private static void send(HttpExchange ex, int status, String body, String contentType)
      throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders()
        .set("Content-Type", contentType == null ? "application/json" : contentType);
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
