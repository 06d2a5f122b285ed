package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fogbank.shared.wait.Pause;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared fixtures: JSON from text blocks, a recording Pause and a fixed clock. */
final class AslTesting {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

  private AslTesting() {}

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException("bad test JSON: " + text, e);
    }
  }

  static Clock fixedClock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  /** Records every requested sleep instead of sleeping. */
  static final class RecordingSleeper implements Pause {
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
    }
  }

  static AslEngine engine(TaskInvoker invoker, Pause sleeper) {
    return AslEngine.create(invoker, ExecutionJournal.NONE, sleeper, fixedClock());
  }

  static TaskInvoker noTasks() {
    return (resource, input, context) -> {
      throw new AssertionError("no Task expected, got " + resource);
    };
  }
}
