package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.wait.Pause;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/** One running execution: its identity, collaborators and the parts of the context object. */
final class Execution {

  private static final DateTimeFormatter MILLIS_UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final String ARN_PREFIX = "arn:aws:states:local:000000000000:";

  final String name;
  final String stateMachineName;
  final JsonNode input;
  final TaskInvoker invoker;
  final Pause sleeper;
  final Clock clock;
  final ExecutionJournal journal;
  private final Instant startTime;
  private final Instant deadline;

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
      ExecutionJournal journal) {
    this.name = name;
    this.stateMachineName = stateMachineName;
    this.input = input;
    this.invoker = invoker;
    this.sleeper = sleeper;
    this.clock = clock;
    this.journal = journal;
    this.startTime = clock.instant();
    this.deadline = timeout == null ? null : startTime.plus(timeout);
  }

  long nextEventId() {
    return events.incrementAndGet();
  }

  void checkDeadline() {
    if (deadline != null && clock.instant().isAfter(deadline)) {
      throw new ExecutionStopped(StatesErrors.TIMEOUT, "The execution timed out");
    }
    if (Thread.currentThread().isInterrupted()) {
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
