package dev.fogbank.cli.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback proxy in front of the emulator that can answer CloudFormation calls with HTTP 500
 * InternalFailure (stands in for CloudFormation being unavailable) or one CloudFormation action
 * with an error of the caller's choice (e.g. a refusal), which no emulator does on demand.
 * Everything else is forwarded unchanged. The local runtime builds its own SDK clients, so faults
 * are injected here rather than with an SDK interceptor.
 */
final class FaultyEmulatorProxy implements AutoCloseable {
  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final URI target;
  private final AtomicBoolean failCloudFormation = new AtomicBoolean();
  private final AtomicInteger failed = new AtomicInteger();
  private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  FaultyEmulatorProxy(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::forward);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void failCloudFormation(boolean fail) {
    failCloudFormation.set(fail);
  }

  int failedCalls() {
    return failed.get();
  }

  /** Every later CloudFormation {@code action} call is answered with this error (query XML). */
  void refuse(String action, int status, String errorCode, String message) {
    refusals.put(
        action,
        new Refusal(
            status,
            "<ErrorResponse><Error><Type>Sender</Type><Code>"
                + errorCode
                + "</Code><Message>"
                + message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                + "</Message></Error><RequestId>faulty-proxy</RequestId></ErrorResponse>"));
  }

  /** How many CloudFormation {@code action} calls reached the proxy (refused ones included). */
  int calls(String action) {
    AtomicInteger n = calls.get(action);
    return n == null ? 0 : n.get();
  }

  private void forward(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String text = new String(body, StandardCharsets.UTF_8);
      String action = cloudFormationAction(text);
      if (action != null) {
        calls.computeIfAbsent(action, a -> new AtomicInteger()).incrementAndGet();
        Refusal refusal = refusals.get(action);
        if (refusal != null) {
          byte[] error = refusal.body().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "text/xml");
          ex.sendResponseHeaders(refusal.status(), error.length);
          ex.getResponseBody().write(error);
          return;
        }
      }
      if (failCloudFormation.get() && action != null) {
        failed.incrementAndGet();
        byte[] error =
            ("<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code>"
                    + "<Message>injected</Message></Error></ErrorResponse>")
                .getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(500, error.length);
        ex.getResponseBody().write(error);
        return;
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
              .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      ex.getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                  values.forEach(v -> request.header(name, v));
                }
              });
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(502, -1);
        return;
      }
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                  ex.getResponseHeaders().put(name, values);
                }
              });
      byte[] out = response.body();
      ex.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        ex.getResponseBody().write(out);
      }
    }
  }

  /** The Action of a CloudFormation query request, or null for any other request. */
  private static String cloudFormationAction(String body) {
    // CloudFormation's query protocol names its API version in every request body.
    if (!body.contains("Version=2010-05-15")) {
      return null;
    }
    for (String pair : body.split("&")) {
      if (pair.startsWith("Action=")) {
        return pair.substring("Action=".length());
      }
    }
    return null;
  }

  private record Refusal(int status, String body) {}

  @Override
  public void close() {
    server.stop(0);
  }
}
