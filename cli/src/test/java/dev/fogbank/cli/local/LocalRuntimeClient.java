package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/** A small HTTP client for the local API, as a pipeline would use it. */
final class LocalRuntimeClient {
  record Answer(int status, JsonNode body) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI base;
  private final String token;

  LocalRuntimeClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** The runtime's base URL, as its ready line printed it. */
  URI base() {
    return base;
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), true);
  }

  /** GET with an Accept header; the raw answer (its body need not be JSON). */
  HttpResponse<String> getAccepting(String path, String accept) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", "Bearer " + token)
            .header("Accept", accept)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  Answer getWithoutToken(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), false);
  }

  Answer post(String path, String body) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        true);
  }

  Answer put(String path, String body) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)),
        true);
  }

  Answer delete(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).DELETE(), true);
  }

  Answer postWithoutToken(String path, String body) {
    return send(
        HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)),
        false);
  }

  /** Polls GET /deployments/{id} until its status is one of {@code statuses}. */
  JsonNode awaitStatus(String deploymentId, Set<String> statuses, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      Answer a = get("/deployments/" + deploymentId);
      if (a.status() == 200) {
        last = a.body();
        if (statuses.contains(last.path("status").asText())) {
          return last;
        }
      }
      sleep(50);
    }
    return fail("deployment " + deploymentId + " did not reach " + statuses + "; last: " + last);
  }

  /** Polls a stack's history until it has at least {@code count} records. */
  JsonNode awaitHistory(String stack, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      Answer a = get("/stacks/" + stack + "/deployments");
      if (a.status() == 200) {
        last = a.body();
        if (last.path("items").size() >= count) {
          return last;
        }
      }
      sleep(50);
    }
    return fail("stack " + stack + " has no " + count + " deployments; last: " + last);
  }

  private Answer send(HttpRequest.Builder request, boolean withToken) {
    if (withToken) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r =
          http.send(request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = r.body().isEmpty() ? null : Json.mapper().readTree(r.body());
      return new Answer(r.statusCode(), body);
    } catch (IOException e) {
      throw new IllegalStateException("request failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
