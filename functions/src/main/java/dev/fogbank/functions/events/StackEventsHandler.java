package dev.fogbank.functions.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.fogbank.functions.wiring.EventsWiring;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.LogContext;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.stackevents.InvalidStackEventException;
import dev.fogbank.shared.stackevents.StackStatusEvent;
import dev.fogbank.shared.stackevents.StackStatusEventReader;
import dev.fogbank.shared.stackevents.StackStatusIntake;
import dev.fogbank.shared.stackevents.StackStatusOutcome;
import fogbank.FunctionFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * EventBridge "CloudFormation Stack Status Change" → {@link StackStatusIntake}: every event is
 * claimed once, and a status that needs a person is published to the notification topic.
 *
 * <p>A stream handler reading the documented event JSON itself, as {@code DropHandler} does: no
 * events library in the artifact. Each invocation writes one structured log line: {@code
 * stack_event_handled}, {@code stack_event_rejected} (input that is not such an event; retrying
 * cannot help) or {@code stack_event_failed} (the table or the topic failed; the invocation fails
 * so that Lambda retries it).
 */
public final class StackEventsHandler implements RequestStreamHandler {
  private final Supplier<StackStatusIntake> intake;

  public StackEventsHandler() {
    this(EventsWiring::intake);
    // Lambda builds the handler during init: SnapStart priming runs before the snapshot.
    EventsWiring.registerPriming();
  }

  public StackEventsHandler(StackStatusIntake intake) {
    this(() -> intake);
  }

  /** The intake is asked for only once an event has been read: bad input builds no clients. */
  StackEventsHandler(Supplier<StackStatusIntake> intake) {
    this.intake = Objects.requireNonNull(intake, "intake");
  }

  /** What the function returns for an event it handled. */
  public record Result(
      String eventId, String stack, String account, String region, String status, String outcome) {}

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) {
    Result result = handle(in);
    try {
      Json.mapper().writeValue(out, result);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one event from {@code json} and hands it to the intake. */
  public Result handle(InputStream json) {
    StackStatusEvent event;
    try {
      event = StackStatusEventReader.read(json);
    } catch (InvalidStackEventException e) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("code", e.code().name());
      fields.put("message", e.getMessage());
      StructuredLog.warn("stack_event_rejected", fields);
      throw FunctionFailure.of(e.code(), e.getMessage());
    }
    StackStatusOutcome outcome;
    try (LogContext context = LogContext.of(null, event.stackName())) {
      outcome = intake.get().accept(event);
    } catch (DeploymentException e) {
      throw failed(event, e.code(), e.getMessage(), e);
    } catch (RuntimeException e) {
      // A bug, not the input's fault: the type is logged, never a third-party message or trace.
      throw failed(event, ErrorCode.INTERNAL, "internal error handling the event", e);
    }
    Map<String, Object> fields = describe(event);
    fields.put("outcome", outcome.name());
    StructuredLog.info("stack_event_handled", fields);
    return new Result(
        event.eventId(),
        event.stackName(),
        event.account(),
        event.region(),
        event.status(),
        outcome.name());
  }

  private static FunctionFailure failed(
      StackStatusEvent event, ErrorCode code, String message, RuntimeException cause) {
    Map<String, Object> fields = describe(event);
    fields.put("code", code.name());
    fields.put("message", message);
    fields.put("type", cause.getClass().getName());
    StructuredLog.error("stack_event_failed", fields);
    return FunctionFailure.of(code, message);
  }

  private static Map<String, Object> describe(StackStatusEvent event) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("eventId", event.eventId());
    fields.put("stack", event.stackName());
    fields.put("account", event.account());
    fields.put("region", event.region());
    fields.put("status", event.status());
    return fields;
  }
}
