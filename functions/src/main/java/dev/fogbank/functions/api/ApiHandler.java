package dev.fogbank.functions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fogbank.functions.wiring.ApiWiring;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.StructuredLog;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * API Gateway HTTP API (payload v2) → routes. Authentication (SigV4) happens in API Gateway, which
 * puts the caller's ARN at {@code requestContext.authorizer.iam.userArn}; authorization (grants)
 * in the routes.
 */
public final class ApiHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final ApiRoutes routes;

  public ApiHandler() {
    this(ApiWiring.routes());
  }

  public ApiHandler(ApiRoutes routes) {
    this.routes = routes;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    ApiRoutes.Response response;
    try {
      var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
      String method = http != null && http.getMethod() != null ? http.getMethod() : "GET";
      String path = http != null && http.getPath() != null ? http.getPath() : event.getRawPath();
      String body = event.getBody();
      if (body != null && event.getIsBase64Encoded()) {
        body = decodeBase64Utf8(body);
      }
      response =
          routes.handle(method, stripStage(event, path == null ? "/" : path),
              event.getQueryStringParameters(), body, caller(event), event.getHeaders());
    } catch (DeploymentException e) {
      response = ApiRoutes.error(ApiError.of(e.code(), e.getMessage()));
    } catch (RuntimeException e) {
      StructuredLog.error("api_unhandled", Map.of("type", e.getClass().getName()));
      response =
          new ApiRoutes.Response(
              500, Map.of("error", Map.of("code", "INTERNAL", "message", "internal error")));
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(headers(response))
        .withBody(
            response.contentType().equals(ApiRoutes.Response.JSON)
                ? write(response.body())
                : String.valueOf(response.body()))
        .build();
  }

  /**
   * API Gateway base64-encodes bodies it takes for binary. Bytes that are not UTF-8 are refused
   * rather than replaced: a template silently changed by U+FFFD would deploy something else.
   */
  public static String decodeBase64Utf8(String body) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("request body is marked base64 but is not valid base64");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRequestException("request body is not valid UTF-8");
    }
  }

  /** The request's path without the stage's prefix (the console function routes the same way). */
  public static String stripStage(APIGatewayV2HTTPEvent event, String path) {
    String stage = event.getRequestContext() == null ? null : event.getRequestContext().getStage();
    if (stage != null && !stage.equals("$default") && path.startsWith("/" + stage + "/")) {
      return path.substring(stage.length() + 1);
    }
    return path;
  }

  /** The IAM principal API Gateway authenticated (SigV4), or null on a route without AWS_IAM. */
  public static String caller(APIGatewayV2HTTPEvent event) {
    var ctx = event.getRequestContext();
    if (ctx != null && ctx.getAuthorizer() != null && ctx.getAuthorizer().getIam() != null) {
      String arn = ctx.getAuthorizer().getIam().getUserArn();
      if (arn != null) {
        return arn;
      }
    }
    // No IAM principal: only /health is routed without one in AWS; the routes' authorizer
    // answers 401 for anything else.
    return null;
  }

  private static Map<String, String> headers(ApiRoutes.Response response) {
    Map<String, String> headers = new java.util.LinkedHashMap<>(response.headers());
    headers.put("content-type", response.contentType());
    return headers;
  }

  private static String write(Object body) {
    try {
      return Json.mapper().writeValueAsString(body);
    } catch (JsonProcessingException e) {
      return "{\"error\":{\"code\":\"INTERNAL\",\"message\":\"response not serialisable\"}}";
    }
  }
}
