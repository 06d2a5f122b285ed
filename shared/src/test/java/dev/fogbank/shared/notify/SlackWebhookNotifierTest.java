package dev.fogbank.shared.notify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.notify.DeploymentEvent.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A JDK HttpServer on 127.0.0.1 stands in for Slack's incoming-webhook endpoint, which answers 200
 * "ok", 4xx with an error code such as "invalid_payload", 429 with Retry-After, or 5xx.
 */
class SlackWebhookNotifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET_PATH = "/services/T000/B000/SeCrEtToKeN";

  private record Reply(int status, String body, String retryAfter) {}

  private HttpServer server;
  private final Deque<Reply> replies = new ArrayDeque<>();
  private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
  private final List<String> contentTypes = Collections.synchronizedList(new ArrayList<>());
  private final List<Duration> sleeps = new ArrayList<>();
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final StructuredLog log = StructuredLog.to(new PrintStream(logBytes, true, UTF_8));

  @BeforeEach
  void startSlackStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), UTF_8));
          contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
          Reply reply;
          synchronized (replies) {
            reply = replies.isEmpty() ? new Reply(200, "ok", null) : replies.poll();
          }
          if (reply.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
          }
          byte[] body = reply.body().getBytes(UTF_8);
          exchange.sendResponseHeaders(reply.status(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopSlackStandIn() {
    server.stop(0);
  }

  private URI webhook() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + SECRET_PATH);
  }

  private SlackWebhookNotifier notifier(URI uri) {
    return new SlackWebhookNotifier(
        uri,
        SlackWebhookNotifier.defaultClient(),
        new SlackMessageRenderer(),
        sleeps::add,
        log,
        () -> 0.5);
  }

  private void reply(int status, String body, String retryAfter) {
    synchronized (replies) {
      replies.add(new Reply(status, body, retryAfter));
    }
  }

  private static DeploymentEvent event() {
    return SlackMessageRendererTest.event(Kind.SUCCEEDED, new ChangeSummary(1, 0, 0), 1500L, null);
  }

  private String logged() {
    return logBytes.toString(UTF_8);
  }

  @Test
  void notify_whenSlackAnswers200_thenOnePostWithRenderedJsonAndNothingLogged() throws Exception {
    notifier(webhook()).notify(event());

    assertEquals(1, bodies.size());
    JsonNode posted = JSON.readTree(bodies.get(0));
    assertTrue(posted.get("text").asText().startsWith(":white_check_mark: my-stack deployed"));
    assertTrue(posted.get("blocks").isArray());
    assertTrue(contentTypes.get(0).startsWith("application/json"), contentTypes.get(0));
    assertTrue(sleeps.isEmpty());
    assertEquals("", logged());
  }

  @Test
  void notify_when500Then200_thenRetriedOnceAfterBackoff() {
    reply(500, "internal_error", null);

    notifier(webhook()).notify(event());

    assertEquals(2, bodies.size());
    assertEquals(bodies.get(0), bodies.get(1));
    // Equal jitter with the random source fixed at 0.5: 125 + 62 ms for the first retry.
    assertEquals(List.of(Duration.ofMillis(187)), sleeps);
    assertEquals("", logged());
  }

  @Test
  void notify_when429WithRetryAfter_thenWaitsThatLongThenRetries() {
    reply(429, "rate_limited", "2");

    notifier(webhook()).notify(event());

    assertEquals(2, bodies.size());
    assertEquals(List.of(Duration.ofSeconds(2)), sleeps);
  }

  @Test
  void notify_when429WithHugeRetryAfter_thenWaitIsCapped() {
    reply(429, "rate_limited", "3600");

    notifier(webhook()).notify(event());

    assertEquals(List.of(SlackWebhookNotifier.MAX_RETRY_AFTER), sleeps);
    assertEquals(2, bodies.size());
  }

  @Test
  void notify_when400_thenNotRetriedAndLoggedWithSlackErrorCode() throws Exception {
    reply(400, "invalid_payload", null);

    notifier(webhook()).notify(event());

    assertEquals(1, bodies.size());
    assertTrue(sleeps.isEmpty());
    JsonNode line = JSON.readTree(logged());
    assertEquals("notification_failed", line.get("event").asText());
    assertEquals(400, line.get("status").asInt());
    assertEquals("invalid_payload", line.get("error").asText());
    assertEquals(1, line.get("attempts").asInt());
  }

  @Test
  void notify_whenAlways503_thenThreeAttemptsThenOneLogLine() throws Exception {
    for (int i = 0; i < 3; i++) {
      reply(503, "unavailable", null);
    }

    notifier(webhook()).notify(event());

    assertEquals(3, bodies.size());
    assertEquals(List.of(Duration.ofMillis(187), Duration.ofMillis(375)), sleeps);
    String[] lines = logged().strip().split("\n");
    assertEquals(1, lines.length);
    assertEquals(503, JSON.readTree(lines[0]).get("status").asInt());
  }

  @Test
  void notify_whenServerDown_thenReturnsNormallyAfterThreeAttemptsAndLogsHostNotUrl()
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI down = URI.create("http://127.0.0.1:" + closedPort + SECRET_PATH);

    notifier(down).notify(event()); // must not throw

    assertEquals(2, sleeps.size(), "sleeps between 3 attempts");
    String output = logged();
    String[] lines = output.strip().split("\n");
    assertEquals(1, lines.length, output);
    JsonNode line = JSON.readTree(lines[0]);
    assertEquals("WARN", line.get("level").asText());
    assertEquals("notification_failed", line.get("event").asText());
    assertEquals("127.0.0.1", line.get("webhookHost").asText());
    assertEquals(3, line.get("attempts").asInt());
    assertEquals("d-123", line.get("deploymentId").asText());
    assertTrue(line.get("error").asText().endsWith("Exception"), output);
    assertFalse(output.contains("SeCrEtToKeN"), output);
    assertFalse(output.contains("/services/"), output);
  }

  @Test
  void notify_whenEventCannotBeRendered_thenLoggedAndReturnsNormally() {
    DeploymentEvent kindless =
        new DeploymentEvent(
            null,
            "d-9",
            "s",
            "1",
            "r",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    notifier(webhook()).notify(kindless);

    assertTrue(bodies.isEmpty());
    assertTrue(logged().contains("\"deploymentId\":\"d-9\""), logged());
    assertTrue(logged().contains("NullPointerException"), logged());
  }

  @Test
  void create_whenPlainHttpToRemoteHost_thenRejectedWithoutShowingPath() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SlackWebhookNotifier.create(URI.create("http://hooks.slack.com" + SECRET_PATH)));

    assertFalse(e.getMessage().contains("SeCrEtToKeN"), e.getMessage());
  }

  @Test
  void retryAfter_whenHttpDateInThePast_thenZero() {
    // Parsing is exercised through a 429 whose date has already passed: retry at once.
    reply(429, "rate_limited", "Wed, 21 Oct 2015 07:28:00 GMT");

    notifier(webhook()).notify(event());

    assertEquals(List.of(Duration.ZERO), sleeps);
  }
}
