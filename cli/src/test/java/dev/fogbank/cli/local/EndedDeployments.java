package dev.fogbank.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Learns that a deployment ended from the local runtime's own announcement (the {@link
 * LoggingNotifier}'s {@code deployment_*} line on standard error, written by the Notify step),
 * so that a benchmark waits without polling the API: polls read the same embedded table the
 * deployments write, and 16 callers polling loaded it more than the deployments did.
 */
final class EndedDeployments extends PrintStream {
  private static final Set<String> ENDS =
      Set.of("deployment_succeeded", "deployment_no_changes", "deployment_failed",
          "deployment_rejected", "deployment_cancelled");

  /** When the end was announced: the notification's {@code at} and this process's nanoTime. */
  record Ended(String event, Instant at, long seenNanos) {}

  private final Map<String, CompletableFuture<Ended>> ends = new ConcurrentHashMap<>();

  private EndedDeployments(OutputStream lines) {
    super(lines, true, StandardCharsets.UTF_8);
  }

  /** Installs itself as System.err (before the runtime starts: its notifier keeps that stream). */
  static EndedDeployments install() {
    PrintStream original = System.err;
    EndedDeployments[] self = new EndedDeployments[1];
    OutputStream splitter =
        new OutputStream() {
          private final ByteArrayOutputStream line = new ByteArrayOutputStream();

          @Override
          public synchronized void write(int b) {
            original.write(b);
            if (b == '\n') {
              self[0].seen(line.toString(StandardCharsets.UTF_8));
              line.reset();
            } else {
              line.write(b);
            }
          }
        };
    self[0] = new EndedDeployments(splitter);
    System.setErr(self[0]);
    return self[0];
  }

  CompletableFuture<Ended> of(String deploymentId) {
    return ends.computeIfAbsent(deploymentId, k -> new CompletableFuture<>());
  }

  private void seen(String line) {
    if (!line.contains("\"event\":\"deployment_")) {
      return;
    }
    long now = System.nanoTime();
    try {
      JsonNode json = Json.mapper().readTree(line);
      String event = json.path("event").asText();
      String id = json.path("deploymentId").asText("");
      if (ENDS.contains(event) && !id.isEmpty()) {
        of(id).complete(new Ended(event, Instant.parse(json.path("at").asText()), now));
      }
    } catch (Exception notJson) {
      // another line that happens to mention an event
    }
  }
}
