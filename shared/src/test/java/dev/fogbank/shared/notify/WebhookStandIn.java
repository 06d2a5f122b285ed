package dev.fogbank.shared.notify;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * A JDK HttpServer on 127.0.0.1 standing in for Slack's incoming webhooks: each path is a webhook;
 * it answers the queued replies in order (200 "ok" once none are left), as Slack does: 200 "ok",
 * 429 with Retry-After, 5xx, 404 "no_service" for a revoked webhook, 400 "invalid_payload".
 */
public final class WebhookStandIn implements AutoCloseable {
  public record Reply(int status, String body, String retryAfter) {}

  public record Post(String path, String body) {}

  private final HttpServer server;
  private final Deque<Reply> replies = new ArrayDeque<>();
  public final List<Post> posts = Collections.synchronizedList(new ArrayList<>());

  public WebhookStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          posts.add(
              new Post(
                  exchange.getRequestURI().getPath(),
                  new String(exchange.getRequestBody().readAllBytes(), UTF_8)));
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

  public WebhookStandIn reply(int status, String body) {
    return reply(status, body, null);
  }

  public WebhookStandIn reply(int status, String body, String retryAfter) {
    synchronized (replies) {
      replies.add(new Reply(status, body, retryAfter));
    }
    return this;
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
