package dev.fogbank.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.deploy.ApprovalDecision;
import dev.fogbank.shared.deploy.DeploymentStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Follows {@code GET /deployments/{id}} until the deployment ends, reporting each status change
 * once, as a pipeline would (DESIGN: "then follows GET /deployments/{id} until it ends").
 */
public final class DeploymentFollower {
  /** The last record seen; {@code ended} false when the timeout came first. */
  public record Outcome(JsonNode deployment, boolean ended) {
    /**
     * 0 for SUCCEEDED and NO_CHANGES, 1 FAILED, 9 rejected (REJECTED, or CANCELLED by a person's
     * reject), 10 otherwise CANCELLED, 8 when still running.
     */
    public int exitCode() {
      if (!ended) {
        return ExitCodes.WAIT_TIMED_OUT;
      }
      return switch (deployment.path("status").asText()) {
        case "SUCCEEDED", "NO_CHANGES" -> ExitCodes.OK;
        case "REJECTED" -> ExitCodes.DEPLOYMENT_REJECTED;
        case "CANCELLED" ->
            ApprovalDecision.REJECTED.equals(
                    deployment.path("approval").path("decision").asText())
                ? ExitCodes.DEPLOYMENT_REJECTED
                : ExitCodes.DEPLOYMENT_CANCELLED;
        default -> ExitCodes.DEPLOYMENT_FAILED;
      };
    }
  }

  /** Failed GETs in a row (unreachable, 502-504) that --wait rides out before giving up. */
  static final int MAX_TRANSIENT_FAILURES = 3;

  private final ApiClient client;
  private final Duration interval;
  private final Duration timeout;
  private final Clock clock;

  public DeploymentFollower(ApiClient client, Duration interval, Duration timeout) {
    this(client, interval, timeout, Clock.systemUTC());
  }

  DeploymentFollower(ApiClient client, Duration interval, Duration timeout, Clock clock) {
    this.client = client;
    this.interval = interval;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** Whether {@code status} is an end; a status this CLI does not know yet is not. */
  public static boolean isTerminal(String status) {
    try {
      return DeploymentStatus.valueOf(status).isTerminal();
    } catch (IllegalArgumentException unknown) {
      return false;
    }
  }

  public Outcome follow(String deploymentId, Consumer<JsonNode> onStatusChange) {
    return follow(deploymentId, onStatusChange, null);
  }

  /**
   * As above, and each stack event recorded with the deployment ({@link StackEventFeed}) handed
   * to {@code onStackEvent} as it comes, before the status change read with it. The events are a
   * courtesy: an API without the events route, or one failing to answer it, costs them only.
   */
  public Outcome follow(
      String deploymentId, Consumer<JsonNode> onStatusChange, Consumer<JsonNode> onStackEvent) {
    return follow(deploymentId, onStatusChange, onStackEvent, d -> {});
  }

  /** As above, telling {@code onPoll} each record read until the end (a redrawn line). */
  public Outcome follow(
      String deploymentId,
      Consumer<JsonNode> onStatusChange,
      Consumer<JsonNode> onStackEvent,
      Consumer<JsonNode> onPoll) {
    return follow(
        "/deployments/" + ApiClient.segment(deploymentId),
        d -> isTerminal(d.path("status").asText()),
        onStatusChange,
        onStackEvent == null ? null : new StackEventFeed(client, deploymentId),
        onStackEvent,
        onPoll);
  }

  /**
   * Follows any resource at {@code path} (a drift or cost scan) the same way: GET until {@code
   * ended} says so or the timeout comes, reporting each change of its {@code status} once.
   */
  public Outcome follow(String path, Predicate<JsonNode> ended, Consumer<JsonNode> onStatusChange) {
    return follow(path, ended, onStatusChange, null, null, d -> {});
  }

  private Outcome follow(
      String path,
      Predicate<JsonNode> ended,
      Consumer<JsonNode> onStatusChange,
      StackEventFeed events,
      Consumer<JsonNode> onStackEvent,
      Consumer<JsonNode> onPoll) {
    Instant deadline = clock.instant().plus(timeout);
    String lastStatus = null;
    int failures = 0;
    while (true) {
      JsonNode d;
      try {
        d = client.get(path, Map.of());
        failures = 0;
      } catch (ApiException e) {
        // A blip (the control plane restarting, a gateway 503) is not the deployment's end.
        if (!isTransient(e) || ++failures > MAX_TRANSIENT_FAILURES) {
          throw e;
        }
        pause();
        continue;
      }
      String status = d.path("status").asText();
      if (events != null) {
        try {
          events.poll().forEach(onStackEvent);
        } catch (ApiException e) {
          // 404: an API from before the events route; anything else: tried again next time.
          events = e.status() == 404 ? null : events;
        }
      }
      if (!status.equals(lastStatus)) {
        onStatusChange.accept(d);
        lastStatus = status;
      }
      if (ended.test(d)) {
        return new Outcome(d, true);
      }
      onPoll.accept(d);
      if (!clock.instant().isBefore(deadline)) {
        return new Outcome(d, false);
      }
      if (!pause()) {
        return new Outcome(d, false);
      }
    }
  }

  private static boolean isTransient(ApiException e) {
    return e.exitCode() == ExitCodes.UNREACHABLE || e.status() == 502 || e.status() == 503
        || e.status() == 504;
  }

  /** False when interrupted. */
  private boolean pause() {
    try {
      Thread.sleep(interval.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
