package dev.fogbank.functions.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's Invoke endpoint on 127.0.0.1, running a function in the test's stead: moto's Lambda
 * needs Docker to run any code. {@code POST /2015-03-31/functions/{name}/invocations} runs {@code
 * function} with the request's payload and answers as Lambda does: 200 and what the function
 * returned, or 200 with {@code X-Amz-Function-Error: Unhandled} and its error when it throws.
 * Every other request is forwarded to {@code forward} (the emulator), so that one endpoint serves
 * a process that, like a function in AWS, reaches every service at one address.
 */
public final class LambdaStandIn implements AutoCloseable {
  private static final Pattern INVOKE =
      Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
  /** Headers the JDK's HTTP client sets itself and refuses to be given. */
  private static final Set<String> RESTRICTED =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

  /** A function run in place of Lambda's. */
  @FunctionalInterface
  public interface Function {
    byte[] run(String name, byte[] payload) throws Exception;
  }

  /** One invocation: the function named, the invocation type, the payload. */
  public record Invocation(String function, String type, String payload) {}

  private final HttpServer server;
  private final URI forward;
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<Invocation> invocations = new CopyOnWriteArrayList<>();

  private LambdaStandIn(Function function, URI forward) throws IOException {
    this.forward = forward;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> serve(exchange, function));
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  /** Runs {@code function} for every Invoke; {@code forward} (null: none) gets the rest. */
  public static LambdaStandIn start(Function function, URI forward) {
    try {
      return new LambdaStandIn(function, forward);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Invocation> invocations() {
    return List.copyOf(invocations);
  }

  private void serve(HttpExchange exchange, Function function) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Matcher invoke = INVOKE.matcher(exchange.getRequestURI().getRawPath());
      if (invoke.matches() && exchange.getRequestMethod().equals("POST")) {
        String name = URLDecoder.decode(invoke.group(1), StandardCharsets.UTF_8);
        String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
        invocations.add(new Invocation(name, type, new String(body, StandardCharsets.UTF_8)));
        byte[] answer;
        try {
          answer = function.run(name, body);
        } catch (Exception e) {
          exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
          answer =
              ("{\"errorMessage\":\"" + e.getClass().getSimpleName() + "\",\"errorType\":\""
                      + e.getClass().getName() + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
        }
        respond(exchange, "Event".equals(type) ? 202 : 200, answer);
        return;
      }
      if (forward == null) {
        respond(exchange, 404, new byte[0]);
        return;
      }
      forward(exchange, body);
    } catch (RuntimeException | InterruptedException e) {
      respond(exchange, 502, e.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private void forward(HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(forward.resolve(exchange.getRequestURI().toString()))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
              }
            });
    HttpResponse<byte[]> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))
                  && !name.startsWith(":")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
              }
            });
    respond(exchange, response.statusCode(), response.body());
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    client.close();
  }
}
