package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.api.ApiHandler;
import dev.fogbank.functions.api.ApiRoutes;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local server's own HTTP edge, written byte by byte as a hostile client would: every request
 * gets a JSON answer with a code, never silence; /health says when a part of the runtime died.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class LocalApiServerHostileTest {
  private static final String TOKEN = "local-token";

  private final AtomicReference<String> problem = new AtomicReference<>();
  private LocalApiServer server;

  @BeforeEach
  void start(DynamoDbClient dynamoDb, @ControlTableName String table) throws Exception {
    ApiRoutes routes =
        ApiRoutes.lazy(
            () -> {
              throw new AssertionError("nothing is submitted");
            },
            () -> DynamoDbDeploymentHistory.create(dynamoDb, table),
            () -> DynamoDbLockStore.create(dynamoDb, table),
            "123456789012",
            "us-east-1");
    server = new LocalApiServer(0, new ApiHandler(routes), TOKEN, problem::get);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void post_whenChunkedBodyIsMalformed_thenJson400NotSilence() throws IOException {
    String answer =
        exchange(
            "POST /deployments HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz-not-hex\r\n{}\r\n0\r\n\r\n");

    assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    JsonNode body = body(answer);
    assertEquals("INVALID_REQUEST", body.path("error").path("code").asText(), answer);
    assertTrue(body.path("error").path("message").asText().contains("chunked"), answer);
  }

  @Test
  void get_whenThePathHasABadPercentEscape_thenJson400WithACode() throws IOException {
    for (String target : new String[] {"/deployments/%zz", "/stacks/%", "/stacks/a%2/lock"}) {
      String answer = exchange(get(target));

      assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
      assertTrue(answer.contains("application/json"), answer);
      assertEquals("INVALID_REQUEST", body(answer).path("error").path("code").asText(), answer);
      assertTrue(!answer.contains("URISyntaxException") && !answer.contains("<h1>"), answer);
    }
    assertTrue(exchange(get("/stacks/web%2Dapp/lock")).startsWith("HTTP/1.1 200"));
  }

  @Test
  void health_whenAPartOfTheRuntimeStopped_then503NamingIt() throws IOException {
    String ok = exchange(get("/health"));
    assertTrue(ok.startsWith("HTTP/1.1 200"), ok);
    assertTrue(
        ok.toLowerCase(java.util.Locale.ROOT).contains("connection: close"),
        () -> "one request per connection is announced, or clients reuse a closing one: " + ok);

    problem.set("the drop watcher stopped: java.lang.OutOfMemoryError");
    String answer = exchange(get("/health"));

    assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
    assertEquals("unavailable", body(answer).path("status").asText());
    assertTrue(body(answer).path("problem").asText().contains("drop watcher"), answer);
  }

  private static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
        + "\r\nConnection: close\r\n\r\n";
  }

  /** Sends raw bytes and reads the answer until the server closes or 5 s pass. */
  private String exchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder answer = new StringBuilder();
      byte[] buffer = new byte[4096];
      try {
        int n;
        while ((n = in.read(buffer)) > 0) {
          answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
          if (complete(answer.toString())) {
            break;
          }
        }
      } catch (java.net.SocketTimeoutException e) {
        // what came so far is the answer (empty: silence, which the assertions refuse)
      }
      return answer.toString();
    }
  }

  private static boolean complete(String answer) {
    int head = answer.indexOf("\r\n\r\n");
    if (head < 0) {
      return false;
    }
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(answer);
    return length.find() && answer.length() - head - 4 >= Integer.parseInt(length.group(1));
  }

  private static JsonNode body(String answer) throws IOException {
    return Json.mapper().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
  }
}
