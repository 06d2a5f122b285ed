package dev.fogbank.functions.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * An HTTP endpoint on 127.0.0.1 subscribed to a topic: what the emulator delivers to it is what a
 * subscriber (the slack function) would receive. moto delivers to HTTP subscriptions at once,
 * inside Publish, without a confirmation round.
 */
public final class TopicSubscriber implements AutoCloseable {
  private final HttpServer server;
  private final List<JsonNode> notifications = new ArrayList<>();

  private TopicSubscriber(HttpServer server) {
    this.server = server;
  }

  public static TopicSubscriber subscribe(SnsClient sns, String topicArn) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      TopicSubscriber subscriber = new TopicSubscriber(server);
      server.createContext(
          "/",
          exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
              subscriber.received(Json.mapper().readTree(body));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      server.start();
      String endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      sns.subscribe(r -> r.topicArn(topicArn).protocol("http").endpoint(endpoint));
      return subscriber;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void received(JsonNode envelope) {
    if ("Notification".equals(envelope.path("Type").asText())) {
      notifications.add(envelope);
    }
  }

  /** The SNS notification envelopes received so far ({@code Type}, {@code Message}, ...). */
  public synchronized List<JsonNode> notifications() {
    return List.copyOf(notifications);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
