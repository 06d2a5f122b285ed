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
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback proxy in front of the emulator that can answer CloudFormation calls with HTTP 500
 * InternalFailure: stands in for CloudFormation being unavailable, which no emulator does on
 * demand. Everything else is forwarded unchanged.
 */
final class FaultyEmulatorProxy implements AutoCloseable {
  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final URI target;
  private final AtomicBoolean failCloudFormation = new AtomicBoolean();
  private final AtomicInteger failed = new AtomicInteger();

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

  private void forward(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String text = new String(body, StandardCharsets.UTF_8);
      // CloudFormation's query protocol names its API version in every request body.
      if (failCloudFormation.get() && text.contains("Version=2010-05-15")) {
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

  @Override
  public void close() {
    server.stop(0);
  }
}
