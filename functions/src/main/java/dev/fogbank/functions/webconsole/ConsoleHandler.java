package dev.fogbank.functions.webconsole;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.fogbank.functions.api.ApiHandler;
import dev.fogbank.functions.console.Console;
import dev.fogbank.functions.console.ConsoleRequest;
import dev.fogbank.functions.console.ConsoleResponse;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.StructuredLog;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web console in AWS: API Gateway HTTP API (payload v2) → {@link Console}, the same pages and
 * checks as local mode. Only {@code POST /console/session} is IAM-authenticated (API Gateway
 * checks the SigV4 signature and puts the caller's ARN in the request context); it answers a
 * one-time login URL for that principal. Every other console route is declared without
 * authorization, because a browser cannot sign, and the console checks its session cookie itself.
 */
public final class ConsoleHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  static final String SESSION_ROUTE = "/console/session";

  private final java.util.function.Supplier<Console> console;

  public ConsoleHandler() {
    this(ConsoleWiring::console);
    // Lambda builds the handler during init: SnapStart priming runs before the snapshot.
    ConsoleWiring.registerPriming();
  }

  public ConsoleHandler(Console console) {
    this(() -> console);
  }

  private ConsoleHandler(java.util.function.Supplier<Console> console) {
    this.console = console;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
    String method = http != null && http.getMethod() != null ? http.getMethod() : "GET";
    String rawPath = http != null && http.getPath() != null ? http.getPath() : event.getRawPath();
    String path = ApiHandler.stripStage(event, rawPath == null ? "/" : rawPath);
    try {
      if (method.equals("POST") && path.equals(SESSION_ROUTE)) {
        return loginTicket(event);
      }
      String body = event.getBody();
      if (body != null && event.getIsBase64Encoded()) {
        body = ApiHandler.decodeBase64Utf8(body);
      }
      return page(
          new ConsoleRequest(
              method, path, event.getQueryStringParameters(), headers(event), body, true));
    } catch (DeploymentException e) {
      return json(e.code().httpStatus(), Map.of("error", Map.of("code", e.code().name(),
          "message", e.getMessage())));
    } catch (RuntimeException e) {
      StructuredLog.error("console_unhandled", Map.of("type", e.getClass().getName()));
      return json(500, Map.of("error", Map.of("code", "INTERNAL", "message", "internal error")));
    }
  }

  /**
   * {@code POST /console/session}, reached only through API Gateway's AWS_IAM check: a one-time
   * login URL for the signed caller (60 s, single use), which the CLI opens in a browser.
   */
  private APIGatewayV2HTTPResponse loginTicket(APIGatewayV2HTTPEvent event) {
    String principal = ApiHandler.caller(event);
    if (principal == null) {
      // The route is declared AWS_IAM; without a principal it was not called through it.
      return json(401, Map.of("error", Map.of("code", "UNAUTHORIZED", "message",
          "POST /console/session needs a SigV4-signed request (AWS_IAM): use fogbank console")));
    }
    Map<String, Object> body = new LinkedHashMap<>(console.get().ticketAnswer(principal));
    String domain = event.getRequestContext().getDomainName();
    if (domain != null && !domain.isBlank()) {
      body.put("loginUrl", "https://" + domain + body.get("loginPath"));
    }
    StructuredLog.info("console_ticket_issued", Map.of("caller", principal));
    return json(200, body);
  }

  private APIGatewayV2HTTPResponse page(ConsoleRequest request) {
    ConsoleResponse r = console.get().handle(request);
    String contentType = r.headers().getOrDefault("Content-Type", "");
    boolean text =
        contentType.startsWith("text/")
            || contentType.contains("javascript")
            || contentType.contains("json")
            || contentType.contains("yaml");
    var response =
        APIGatewayV2HTTPResponse.builder()
            .withStatusCode(r.status())
            .withHeaders(r.headers())
            .withBody(
                text
                    ? new String(r.body(), StandardCharsets.UTF_8)
                    : Base64.getEncoder().encodeToString(r.body()))
            .withIsBase64Encoded(!text);
    if (!r.cookies().isEmpty()) {
      // Payload v2 carries Set-Cookie apart from the headers (one entry per cookie).
      response.withCookies(r.cookies());
    }
    return response.build();
  }

  /** The request's headers, with payload v2's {@code cookies} array as a Cookie header. */
  private static Map<String, String> headers(APIGatewayV2HTTPEvent event) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (event.getHeaders() != null) {
      headers.putAll(event.getHeaders());
    }
    List<String> cookies = event.getCookies();
    if (cookies != null && !cookies.isEmpty()) {
      headers.put("cookie", String.join("; ", cookies));
    }
    return headers;
  }

  private static APIGatewayV2HTTPResponse json(int status, Object body) {
    String text;
    try {
      text = Json.mapper().writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      text = "{\"error\":{\"code\":\"INTERNAL\",\"message\":\"response not serialisable\"}}";
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status)
        .withHeaders(Map.of("content-type", "application/json", "cache-control", "no-store"))
        .withBody(text)
        .build();
  }
}
