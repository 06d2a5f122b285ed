package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The engine's open task tokens: issued when a {@code .waitForTaskToken} Task starts, completed by
 * SendTaskSuccess / SendTaskFailure, kept alive by SendTaskHeartbeat, closed when the task ends in
 * any way. A closed token is remembered (the most recent {@link #CLOSED_REMEMBERED}) so that a late
 * or repeated callback is refused as Step Functions refuses it: TaskTimedOut, not TaskDoesNotExist.
 */
final class TaskTokens {

  /** Tokens are opaque to callers; the prefix only lets the engine tell a token from garbage. */
  static final String PREFIX = "fbtt1.";

  static final int CLOSED_REMEMBERED = 10_000;

  private static final Pattern FORMAT = Pattern.compile("fbtt1\\.[A-Za-z0-9_-]{43}");

  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final Map<String, Pending> open = new LinkedHashMap<>();
  private final Map<String, Boolean> closed =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > CLOSED_REMEMBERED;
            }
          });

  TaskTokens(Clock clock) {
    this.clock = clock;
  }

  /** How a waiting task was completed from outside. */
  sealed interface Outcome {
    record Succeeded(JsonNode output) implements Outcome {}

    record Failed(String error, String cause) implements Outcome {}
  }

  /** One open token: who waits on it and when it last heard from its worker. */
  static final class Pending {
    final String token;
    final String executionName;
    final String stateName;
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private volatile Instant lastHeartbeat;

    private Pending(String token, String executionName, String stateName, Instant now) {
      this.token = token;
      this.executionName = executionName;
      this.stateName = stateName;
      this.lastHeartbeat = now;
    }

    Instant lastHeartbeat() {
      return lastHeartbeat;
    }
  }

  static String newToken(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Opens a new token for a task that is starting. */
  synchronized Pending issue(String executionName, String stateName) {
    return open(newToken(random), executionName, stateName);
  }

  /**
   * Opens a given token again: a restarted runtime resuming a task that was waiting on it, so that
   * the callback its worker still holds completes it.
   */
  synchronized Pending reopen(String token, String executionName, String stateName) {
    closed.remove(token);
    Pending existing = open.get(token);
    return existing != null ? existing : open(token, executionName, stateName);
  }

  private Pending open(String token, String executionName, String stateName) {
    Pending pending = new Pending(token, executionName, stateName, clock.instant());
    open.put(token, pending);
    return pending;
  }

  /** The task ended (completed, failed, timed out, or its execution stopped). */
  synchronized void close(Pending pending) {
    open.remove(pending.token);
    closed.put(pending.token, Boolean.TRUE);
  }

  void succeed(String token, JsonNode output) {
    complete(token, new Outcome.Succeeded(output));
  }

  void fail(String token, String error, String cause) {
    complete(token, new Outcome.Failed(error, cause));
  }

  void heartbeat(String token) {
    Pending pending = find(token);
    pending.lastHeartbeat = clock.instant();
  }

  private void complete(String token, Outcome outcome) {
    Pending pending = find(token);
    if (!pending.outcome.complete(outcome)) {
      throw new TaskTokenException(
          TaskTokenException.Reason.TASK_TIMED_OUT,
          "the task of this token was already completed");
    }
  }

  private synchronized Pending find(String token) {
    if (token == null || !FORMAT.matcher(token).matches()) {
      throw new TaskTokenException(
          TaskTokenException.Reason.INVALID_TOKEN, "the value is not a task token of this engine");
    }
    Pending pending = open.get(token);
    if (pending != null) {
      return pending;
    }
    if (closed.containsKey(token)) {
      throw new TaskTokenException(
          TaskTokenException.Reason.TASK_TIMED_OUT,
          "the task of this token has already ended (completed, failed or timed out)");
    }
    throw new TaskTokenException(
        TaskTokenException.Reason.TASK_DOES_NOT_EXIST, "no task is waiting on this token");
  }
}
