package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.wait.Pause;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** One running execution: its identity, collaborators and the parts of the context object. */
final class Execution {

  private static final DateTimeFormatter MILLIS_UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final String ARN_PREFIX = "arn:aws:states:local:000000000000:";

  /** Wake up at least this often while waiting, so the execution's own deadline is noticed. */
  private static final Duration MAX_PARK = Duration.ofMinutes(1);

  final String name;
  final String stateMachineName;
  final JsonNode input;
  final TaskInvoker invoker;
  final Pause sleeper;
  final Clock clock;
  final ExecutionJournal journal;
  final TaskTokens tokens;
  private final Instant startTime;
  private final Instant deadline;

  /** A Distributed Map child's parent execution: its deadline stops the child too. */
  private Execution parent;

  /** The token a resumed execution was waiting on when its runtime stopped; taken once. */
  private final AtomicReference<ResumePoint> resumePoint = new AtomicReference<>();

  /** Where a resumed execution picks up: a callback Task and the token it was waiting on. */
  record ResumePoint(String stateName, String taskToken) {}

  /** Approximates AWS history event ids (ExecutionStarted is #1) for runtime error causes. */
  private final AtomicLong events = new AtomicLong(1);

  Execution(
      String name,
      String stateMachineName,
      JsonNode input,
      Duration timeout,
      TaskInvoker invoker,
      Pause sleeper,
      Clock clock,
      ExecutionJournal journal,
      TaskTokens tokens,
      Instant startTime,
      ResumePoint resumeAt) {
    this.name = name;
    this.stateMachineName = stateMachineName;
    this.input = input;
    this.invoker = invoker;
    this.sleeper = sleeper;
    this.clock = clock;
    this.journal = journal;
    this.tokens = tokens;
    this.startTime = startTime;
    this.resumePoint.set(resumeAt);
    this.deadline = timeout == null ? null : startTime.plus(timeout);
  }

  /**
   * A Distributed Map's child execution: its own name, input ($$.Execution), event ids and
   * deadline, sharing this execution's invoker, clock, journal and task tokens.
   */
  Execution child(String childName, JsonNode childInput, Duration timeout) {
    Execution child =
        new Execution(
        childName,
        stateMachineName,
        childInput,
        timeout,
        invoker,
        sleeper,
        clock,
        journal,
        tokens,
        clock.instant(),
        null);
    child.parent = this;
    return child;
  }

  /** Whether this execution's own TimeoutSeconds has passed. */
  boolean pastDeadline() {
    return deadline != null && clock.instant().isAfter(deadline);
  }

  long nextEventId() {
    return events.incrementAndGet();
  }

  void checkDeadline() {
    if (parent != null) {
      parent.checkDeadline();
    }
    if (pastDeadline()) {
      throw new ExecutionStopped(StatesErrors.TIMEOUT, "The execution timed out");
    }
    if (Thread.currentThread().isInterrupted()) {
      throw ExecutionStopped.interrupted();
    }
  }

  /**
   * The token to wait on again if this execution was resumed at {@code stateName}'s callback; null
   * otherwise, and for every later entry (a retry or a second visit opens a new token).
   */
  String takeResumedToken(String stateName) {
    ResumePoint point = resumePoint.get();
    if (point != null
        && point.stateName().equals(stateName)
        && resumePoint.compareAndSet(point, null)) {
      return point.taskToken();
    }
    return null;
  }

  /**
   * Waits up to {@code duration} for a callback. With the real {@link Pause#SYSTEM} the thread
   * parks on the future (a callback wakes it at once; on a virtual thread no carrier is held);
   * with any other Pause (a test's clock) the Pause is told to pass the whole time, so that
   * simulated time decides and a test sees the wait.
   */
  void await(Future<?> callback, Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return;
    }
    if (sleeper != Pause.SYSTEM) {
      sleep(duration);
      return;
    }
    try {
      callback.get(Math.min(duration.toMillis(), MAX_PARK.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException | CancellationException e) {
      // Woken by time: the caller looks at the clock and the callback again.
    } catch (InterruptedException e) {
      throw ExecutionStopped.interrupted();
    }
  }

  void sleep(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return;
    }
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      throw ExecutionStopped.interrupted();
    }
  }

  /** The context object ($$) as a state sees it. */
  ObjectNode context(String stateName, Instant enteredTime, int retryCount) {
    ObjectNode context = Json.NODES.objectNode();
    ObjectNode execution = context.putObject("Execution");
    execution.put("Id", ARN_PREFIX + "execution:" + stateMachineName + ":" + name);
    execution.set("Input", input);
    execution.put("Name", name);
    execution.put("RoleArn", "arn:aws:iam::000000000000:role/fogbank-local");
    execution.put("StartTime", timestamp(startTime));
    execution.put("RedriveCount", 0);
    ObjectNode state = context.putObject("State");
    state.put("EnteredTime", timestamp(enteredTime));
    state.put("Name", stateName);
    state.put("RetryCount", retryCount);
    ObjectNode machine = context.putObject("StateMachine");
    machine.put("Id", ARN_PREFIX + "stateMachine:" + stateMachineName);
    machine.put("Name", stateMachineName);
    return context;
  }

  /** AWS's context timestamps always carry milliseconds: 2026-01-15T10:00:00.000Z. */
  private static String timestamp(Instant instant) {
    return MILLIS_UTC.format(instant);
  }
}
