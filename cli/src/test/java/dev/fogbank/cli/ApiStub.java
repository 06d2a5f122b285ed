package dev.fogbank.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fogbank.cli.client.ProfileFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the fogbank API on 127.0.0.1: answers "METHOD /path" with queued answers (the
 * last one repeats) and records every request, for the CLI's tests of routes and errors that a
 * running control plane cannot produce on demand.
 */
final class ApiStub implements AutoCloseable {
  record Request(
      String method,
      String path,
      String query,
      String authorization,
      String body,
      String idempotencyKey,
      Map<String, List<String>> headers) {
    /** The first value of header {@code name} (any case), or null. */
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }
  }

  record Answer(int status, String body) {}

  private final HttpServer server;
  private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  ApiStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::exchange);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * The environment of a CLI run against this stub: its URL and a token from the environment, the
   * profile file a path in {@code dir} that does not exist (none of the developer's profiles).
   */
  Map<String, String> environment(Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put(ProfileFile.CONFIG_VARIABLE, dir.resolve("config.yaml").toString());
    env.put("FOGBANK_ENDPOINT", url().toString());
    env.put("FOGBANK_TOKEN", "stub-token");
    return env;
  }

  /** Answers {@code route} ("GET /deployments/d-1") with these, in order; the last repeats. */
  ApiStub on(String route, Answer... in) {
    answers.put(route, new ArrayDeque<>(List.of(in)));
    return this;
  }

  static Answer json(int status, String body) {
    return new Answer(status, body);
  }

  static Answer error(int status, String code, String message) {
    return new Answer(
        status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  List<Request> requests(String method, String path) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().equals(path))
        .toList();
  }

  private void exchange(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(
          new Request(
              ex.getRequestMethod(),
              path,
              ex.getRequestURI().getRawQuery(),
              ex.getRequestHeaders().getFirst("Authorization"),
              body,
              ex.getRequestHeaders().getFirst("Idempotency-Key"),
              headers(ex)));
      Deque<Answer> queue = answers.get(ex.getRequestMethod() + " " + path);
      Answer a;
      if (queue == null) {
        a = error(404, "NOT_FOUND", "no route for " + ex.getRequestMethod() + " " + path);
      } else {
        synchronized (queue) {
          a = queue.size() > 1 ? queue.poll() : queue.peek();
        }
      }
      byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        ex.getResponseBody().write(bytes);
      }
    }
  }

  private static Map<String, List<String>> headers(HttpExchange ex) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    ex.getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    return Map.copyOf(headers);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
