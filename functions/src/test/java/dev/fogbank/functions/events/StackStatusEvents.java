package dev.fogbank.functions.events;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** EventBridge CloudFormation events from {@code src/test/resources/events}, and log capture. */
final class StackStatusEvents {
  /** A stack stuck in a failed update rollback: needs a person. */
  static final String ROLLBACK_FAILED = "eventbridge-cfn-stack-update-rollback-failed.json";

  /** A successful update: claimed only. */
  static final String UPDATE_COMPLETE = "eventbridge-cfn-stack-update-complete.json";

  /** The resource-level event of the same stack: another detail-type, not ours to handle. */
  static final String RESOURCE_STATUS = "eventbridge-cfn-resource-status-change.json";

  private StackStatusEvents() {}

  static byte[] bytes(String name) {
    try (InputStream in = StackStatusEvents.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture events/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InputStream stream(String name) {
    return new ByteArrayInputStream(bytes(name));
  }

  static InputStream text(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Runs {@code action} with standard error captured; returns the lines written to it. */
  static List<String> stderrOf(Runnable action) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    String text = captured.toString(StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }
}
