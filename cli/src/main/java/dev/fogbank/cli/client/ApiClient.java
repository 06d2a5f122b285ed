package dev.fogbank.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The fogbank HTTP API over {@code java.net.http}: JSON in and out, the bearer token or a SigV4
 * signature on every request, and every failure turned into an {@link ApiException} that says what happened and
 * which exit code it means.
 */
public final class ApiClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(5);

  private final ApiTarget target;
  private final HttpClient http;
  private RequestSigner signer;

  public ApiClient(ApiTarget target) {
    this(target, HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build());
  }

  ApiClient(ApiTarget target, HttpClient http) {
    this.target = target;
    this.http = http;
  }

  public ApiTarget target() {
    return target;
  }

  /** GET {@code path} with the query parameters that are not null. */
  public JsonNode get(String path, Map<String, String> query) {
    return send(request(path + queryString(query)).GET(), NO_BODY, "GET " + path);
  }

  /**
   * Every page of a list route from {@code query}'s page on, following {@code nextToken}, at most
   * {@code maxPages}: one answer with all the {@code items}, the last page's other fields, and the
   * {@code nextToken} still left when {@code maxPages} came first.
   */
  public JsonNode getAll(String path, Map<String, String> query, int maxPages) {
    Map<String, String> q = new LinkedHashMap<>(query);
    JsonNode page = get(path, q);
    ArrayNode items = Json.mapper().createArrayNode();
    items.addAll((ArrayNode) page.path("items"));
    for (int pages = 1; page.hasNonNull("nextToken") && pages < maxPages; pages++) {
      q.put("nextToken", page.path("nextToken").asText());
      page = get(path, q);
      items.addAll((ArrayNode) page.path("items"));
    }
    // The last page's other fields (a listing's own, as the events' truncated) with every item.
    ObjectNode merged = ((ObjectNode) page).deepCopy();
    merged.set("items", items);
    return merged;
  }

  /** A text answer (CSV, HTML) and the next page's token from its {@code Fogbank-Next-Token}. */
  public record Text(String body, String nextToken) {}

  /**
   * GET {@code path} asking for {@code accept} (text/csv, text/html) instead of JSON; errors are
   * JSON as always and become an {@link ApiException} the same way.
   */
  public Text getText(String path, Map<String, String> query, String accept) {
    HttpRequest.Builder request =
        request(path + queryString(query)).GET().setHeader("Accept", accept);
    HttpResponse<String> response = exchange(request, NO_BODY, "GET " + path);
    if (response.statusCode() >= 200 && response.statusCode() < 300) {
      return new Text(
          response.body(), response.headers().firstValue("Fogbank-Next-Token").orElse(null));
    }
    throw failure(response, parse(response.body()), "GET " + path);
  }

  /** POST {@code body} (serialised with the project's JSON mapper) with extra headers. */
  public JsonNode post(String path, Object body, Map<String, String> headers) {
    byte[] bytes;
    try {
      bytes = Json.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("request body is not serialisable: " + e.getMessage(), e);
    }
    HttpRequest.Builder request =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    headers.forEach(request::header);
    return send(request, bytes, "POST " + path);
  }

  /** DELETE {@code path} with the query parameters that are not null. */
  public JsonNode delete(String path, Map<String, String> query) {
    return send(request(path + queryString(query)).DELETE(), NO_BODY, "DELETE " + path);
  }

  /**
   * PUTs {@code body} as it is to {@code url}, a presigned upload URL from {@code POST
   * /templates/uploads}: the URL is its own authorisation, so no token goes with it.
   */
  public void upload(String url, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(UPLOAD_TIMEOUT)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw ApiException.unreachable(
          "cannot upload the template to " + request.uri().getHost() + ": "
              + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unreachable("the template upload was interrupted", e);
    }
    if (response.statusCode() < 200 || response.statusCode() >= 300) {
      String text = response.body() == null ? "" : response.body().strip();
      throw ApiException.answered(
          response.statusCode(),
          "TEMPLATE_UPLOAD_FAILED",
          "the upload URL answered HTTP " + response.statusCode()
              + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(300, text.length()))));
    }
  }

  /** One path segment (a stack name, a deployment id), percent-encoded. */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(target.endpoint() + pathAndQuery))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json")
            .header("User-Agent", "fogbank-cli/0.1.0");
    if (target.token() != null) {
      b.header("Authorization", "Bearer " + target.token());
    }
    return b;
  }

  private JsonNode send(HttpRequest.Builder request, byte[] body, String what) {
    return answer(exchange(request, body, what), what);
  }

  /** Signs (SigV4 targets) and sends {@code request}, whose body is {@code body}. */
  private HttpResponse<String> exchange(HttpRequest.Builder request, byte[] body, String what) {
    HttpRequest signed = signer().sign(request.build(), body);
    try {
      return http.send(signed, HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
    } catch (HttpTimeoutException e) {
      throw unreachable("no answer to " + what + " within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
    } catch (ConnectException e) {
      throw unreachable("connection refused", e);
    } catch (IOException e) {
      throw unreachable(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
          + e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted", e);
    }
  }

  /** Made at the first request: a SigV4 target's signer loads the AWS SDK's auth classes. */
  private RequestSigner signer() {
    if (signer == null) {
      signer =
          target.auth() == AuthMode.sigv4 ? SigV4RequestSigner.create(target) : RequestSigner.NONE;
    }
    return signer;
  }

  private JsonNode answer(HttpResponse<String> response, String what) {
    JsonNode body = parse(response.body());
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      if (body == null) {
        throw ApiException.answered(
            status, "INVALID_ANSWER", what + " answered " + status + " without a JSON body");
      }
      return body;
    }
    throw failure(response, body, what);
  }

  private ApiException failure(HttpResponse<String> response, JsonNode body, String what) {
    int status = response.statusCode();
    JsonNode error = body == null ? null : body.path("error");
    String code =
        error != null && error.path("code").isTextual() ? error.path("code").asText() : "HTTP_"
            + status;
    String message =
        error != null && error.path("message").isTextual()
            ? error.path("message").asText()
            // API Gateway's own refusals (IAM auth, throttling): {"message":"..."}.
            : body != null && body.path("message").isTextual()
                ? what + " answered HTTP " + status + ": " + body.path("message").asText()
                : what + " answered HTTP " + status;
    if (target.auth() == AuthMode.sigv4 && (status == 401 || status == 403)) {
      message += " (signed with SigV4 for execute-api in " + target.endpoint().getHost()
          + ": check which AWS credentials are in use and that their policy allows"
          + " execute-api:Invoke)";
    } else if (status == 401 && target.token() == null) {
      message += " (no token was sent: pass --token, set " + ApiTarget.TOKEN_VARIABLE
          + ", or use a profile that has one)";
    }
    return ApiException.answered(status, code, message);
  }

  private ApiException unreachable(String reason, Throwable cause) {
    return ApiException.unreachable(
        "cannot reach " + target.endpoint() + " (from " + target.source() + "): " + reason
            + (target.auth() == AuthMode.sigv4
                ? "; check the endpoint URL and the network"
                : "; is the control plane running ('fogbank local')?"),
        cause);
  }

  private static final byte[] NO_BODY = new byte[0];

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String queryString(Map<String, String> query) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    query.forEach(
        (k, v) -> {
          if (v != null) {
            q.add(segment(k) + "=" + segment(v));
          }
        });
    return q.toString();
  }
}
