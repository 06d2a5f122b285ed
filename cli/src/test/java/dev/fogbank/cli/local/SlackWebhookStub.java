package dev.fogbank.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Stands in for a Slack incoming webhook (hooks.slack.com): accepts POSTed JSON on loopback and
 * answers "ok" like Slack does.
 */
final class SlackWebhookStub implements AutoCloseable {
  private final HttpServer server;
  private final List<JsonNode> messages = new CopyOnWriteArrayList<>();

  SlackWebhookStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/services/T000/B000/XXXX",
        ex -> {
          try (ex) {
            messages.add(Json.mapper().readTree(ex.getRequestBody()));
            byte[] ok = "ok".getBytes();
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
          }
        });
    server.start();
  }

  URI url() {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/services/T000/B000/XXXX");
  }

  List<String> texts() {
    return messages.stream().map(m -> m.path("text").asText()).toList();
  }

  /**
   * The texts received once one matches, waiting up to {@code timeout}: the message is sent after
   * the outcome is recorded, so a test that read the outcome must wait for it too. The texts so far
   * when none matched in time (the caller's assertion then fails with them).
   */
  List<String> awaitText(Predicate<String> matches, Duration timeout) {
    return awaitTexts(texts -> texts.stream().anyMatch(matches), timeout);
  }

  /** The texts received once {@code done} holds for them, or when {@code timeout} has passed. */
  List<String> awaitTexts(Predicate<List<String>> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(texts()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return texts();
  }

  List<JsonNode> messages() {
    return messages;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
