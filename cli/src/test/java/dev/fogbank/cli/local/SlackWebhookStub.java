package dev.fogbank.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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

  List<JsonNode> messages() {
    return messages;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
