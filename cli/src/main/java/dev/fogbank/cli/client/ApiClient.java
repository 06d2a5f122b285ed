package dev.fogbank.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The fogbank HTTP API over {@link HttpURLConnection}: JSON in and out, the bearer token or a SigV4
 * signature on every request, and every failure turned into an {@link ApiException} that says what
 * happened and which exit code it means.
 *
 * <p>{@code HttpURLConnection} rather than {@code java.net.http}'s client (start-up, see
 * docs/benchmarks.md "CLI start-up"): that client sets up the JDK's default TLS context, trust
 * store included, and a selector thread even for an {@code http://} endpoint, and loads some 600
 * classes more; this one is mostly in the JDK's own class-data archive and touches TLS only for
 * {@code https://} URLs.
 */
public final class ApiClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(5);

  static {
    // The JDK's HTTP client re-sends a POST once when a kept-alive connection fails before the
    // answer; the API's POSTs (deploy, approve, lock, ...) are not all idempotent. Read once, when
    // the JDK's HTTP classes load, which is after this in the CLI; a value set by the user stays.
    if (System.getProperty("sun.net.http.retryPost") == null) {
      System.setProperty("sun.net.http.retryPost", "false");
    }
  }

  private final ApiTarget target;
  private RequestSigner signer;

  /**
   * Loads what a command's first request and its answer need, for a caller that runs it on
   * another thread while it has other work (picocli's model: start-up, docs/benchmarks.md "CLI
   * start-up"): the JSON mapper with what reading a tree loads, then the JDK's HTTP handlers
   * (their first lookup reads every jar of the class path for a {@code URLStreamHandlerProvider},
   * which opens them all) and the connection class. It connects nowhere, prints nothing and
   * changes no state: a command that finds it unfinished waits for the classes it is still
   * initialising. The mapper comes first: its classes are in the class-data archive, the handler
   * lookup holds the class path's lock while it opens each jar, which the caller's own class
   * loading from jars (picocli's) waits for.
   */
  public static void warmUp() {
    try {
      Json.mapper().readTree("{\"a\":[\"b\",1,2.5,true,null,{}]}");
      URI.create("https://localhost/").toURL();
      URI.create("http://localhost/").toURL().openConnection();
    } catch (IOException | RuntimeException | LinkageError e) {
      // Only a warm-up: the command meets any real problem itself and reports it.
    }
  }

  public ApiClient(ApiTarget target) {
    this.target = target;
  }

  public ApiTarget target() {
    return target;
  }

  /** GET {@code path} with the query parameters that are not null. */
  public JsonNode get(String path, Map<String, String> query) {
    return send("GET", path + queryString(query), Map.of(), NO_BODY, "GET " + path);
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
    Response response =
        exchange("GET", path + queryString(query), Map.of("Accept", accept), NO_BODY,
            "GET " + path);
    if (response.status() >= 200 && response.status() < 300) {
      return new Text(response.body(), response.nextToken());
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
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Content-Type", "application/json");
    all.putAll(headers);
    return send("POST", path, all, bytes, "POST " + path);
  }

  /** DELETE {@code path} with the query parameters that are not null. */
  public JsonNode delete(String path, Map<String, String> query) {
    return send("DELETE", path + queryString(query), Map.of(), NO_BODY, "DELETE " + path);
  }

  /**
   * PUTs {@code body} as it is to {@code url}, a presigned upload URL from {@code POST
   * /templates/uploads}: the URL is its own authorisation, so no token goes with it.
   */
  public void upload(String url, byte[] body) {
    URI uri = URI.create(url);
    Response response;
    try {
      response = transfer("PUT", uri, Map.of(), body, UPLOAD_TIMEOUT);
    } catch (IOException e) {
      throw ApiException.unreachable(
          "cannot upload the template to " + uri.getHost() + ": " + e.getClass().getSimpleName(),
          e);
    }
    if (response.status() < 200 || response.status() >= 300) {
      String text = response.body() == null ? "" : response.body().strip();
      throw ApiException.answered(
          response.status(),
          "TEMPLATE_UPLOAD_FAILED",
          "the upload URL answered HTTP " + response.status()
              + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(300, text.length()))));
    }
  }

  /** One path segment (a stack name, a deployment id), percent-encoded. */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** An HTTP answer: its status, its body as text and its {@code Fogbank-Next-Token} header. */
  private record Response(int status, String body, String nextToken) {}

  /** Thrown by {@link #transfer} when no connection was made within the connect timeout. */
  private static final class ConnectTimeout extends IOException {
    ConnectTimeout(SocketTimeoutException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private JsonNode send(
      String method, String pathAndQuery, Map<String, String> headers, byte[] body, String what) {
    return answer(exchange(method, pathAndQuery, headers, body, what), what);
  }

  /**
   * Sends {@code method pathAndQuery} to the target with the usual headers (then {@code headers},
   * which may replace them), the token or a SigV4 signature of exactly {@code body}.
   */
  private Response exchange(
      String method, String pathAndQuery, Map<String, String> headers, byte[] body, String what) {
    URI uri = URI.create(target.endpoint() + pathAndQuery);
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Accept", "application/json");
    all.put("User-Agent", "fogbank-cli/0.1.0");
    if (target.token() != null) {
      all.put("Authorization", "Bearer " + target.token());
    }
    all.putAll(headers);
    all.putAll(signer().sign(method, uri, Map.copyOf(all), body));
    try {
      return transfer(method, uri, all, method.equals("POST") ? body : null, REQUEST_TIMEOUT);
    } catch (ConnectTimeout e) {
      throw unreachable("no connection within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
    } catch (SocketTimeoutException e) {
      throw unreachable("no answer to " + what + " within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
    } catch (ConnectException e) {
      throw unreachable("connection refused", e);
    } catch (IOException e) {
      throw unreachable(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
          + e.getMessage()), e);
    }
  }

  /**
   * One request over a new connection (the JDK keeps it alive for the next): exactly {@code
   * headers} (plus Host and Content-Length, which the connection sets), {@code body} if not null,
   * redirects not followed, a POST never re-sent on its own (see the static initialiser).
   */
  private static Response transfer(
      String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout)
      throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    try {
      connection.setRequestMethod(method);
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      connection.setReadTimeout((int) timeout.toMillis());
      headers.forEach(connection::setRequestProperty);
      if (body != null) {
        // Buffered, not setFixedLengthStreamingMode: in streaming mode the JDK drops the body of
        // a 401 answer (HttpRetryException), and that body is the API's error.
        connection.setDoOutput(true);
      }
      try {
        connection.connect();
      } catch (SocketTimeoutException e) {
        throw new ConnectTimeout(e);
      }
      if (body != null) {
        try (OutputStream out = connection.getOutputStream()) {
          out.write(body);
        }
      }
      int status = connection.getResponseCode();
      InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      String text;
      if (in == null) {
        text = "";
      } else {
        try (in) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      return new Response(status, text, connection.getHeaderField("Fogbank-Next-Token"));
    } catch (IOException e) {
      connection.disconnect();
      throw e;
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

  private JsonNode answer(Response response, String what) {
    JsonNode body = parse(response.body());
    int status = response.status();
    if (status >= 200 && status < 300) {
      if (body == null) {
        throw ApiException.answered(
            status, "INVALID_ANSWER", what + " answered " + status + " without a JSON body");
      }
      return body;
    }
    throw failure(response, body, what);
  }

  private ApiException failure(Response response, JsonNode body, String what) {
    int status = response.status();
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
