package dev.fogbank.functions.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.stackevents.EventClaim;
import dev.fogbank.shared.stackevents.EventClaims;
import dev.fogbank.shared.stackevents.StackStatusIntake;
import fogbank.FunctionFailure;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The stack-events function as EventBridge invokes it, with in-memory claims and notifier. */
class StackEventsHandlerTest {
  private final MemoryClaims claims = new MemoryClaims();
  private final RecordingNotifier notifier = new RecordingNotifier();
  private final AtomicInteger intakeBuilt = new AtomicInteger();
  private final StackEventsHandler handler =
      new StackEventsHandler(
          () -> {
            intakeBuilt.incrementAndGet();
            return new StackStatusIntake(claims, notifier, Clock.systemUTC());
          });

  @Test
  void handleRequest_whenRollbackFailed_thenNotifiedResultAndOneNotification() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    handler.handleRequest(StackStatusEvents.stream(StackStatusEvents.ROLLBACK_FAILED), out, null);

    JsonNode result = Json.mapper().readTree(out.toByteArray());
    assertEquals("c1f4e7a2-58d3-4b6e-9f0a-2d7c8b1e5a93", result.path("eventId").asText());
    assertEquals("orders", result.path("stack").asText());
    assertEquals("123456789012", result.path("account").asText());
    assertEquals("eu-west-1", result.path("region").asText());
    assertEquals("UPDATE_ROLLBACK_FAILED", result.path("status").asText());
    assertEquals("NOTIFIED", result.path("outcome").asText());
    assertEquals(1, notifier.events.size());
    DeploymentEvent sent = notifier.events.getFirst();
    assertEquals(DeploymentEvent.Kind.STACK_NEEDS_ATTENTION, sent.kind());
    assertEquals("orders", sent.stackName());
    assertEquals(
        "The following resource(s) failed to update: [OrdersTable].", sent.stackStatus().reason());
  }

  @Test
  void handle_whenSameEventTwice_thenDuplicateAndStillOneNotification() {
    String first =
        handler.handle(StackStatusEvents.stream(StackStatusEvents.ROLLBACK_FAILED)).outcome();
    String second =
        handler.handle(StackStatusEvents.stream(StackStatusEvents.ROLLBACK_FAILED)).outcome();

    assertEquals("NOTIFIED", first);
    assertEquals("DUPLICATE", second);
    assertEquals(1, notifier.events.size());
  }

  @Test
  void handle_whenUpdateComplete_thenRecordedAndNothingPublished() {
    StackEventsHandler.Result result =
        handler.handle(StackStatusEvents.stream(StackStatusEvents.UPDATE_COMPLETE));

    assertEquals("RECORDED", result.outcome());
    assertEquals(Set.of("8d2b6f14-0e9c-4a7b-b3d5-71c0e4a9f286"), claims.ids);
    assertTrue(notifier.events.isEmpty());
  }

  @Test
  void handle_whenHandled_thenOneStructuredInfoLine() throws Exception {
    List<String> lines =
        StackStatusEvents.stderrOf(
            () -> handler.handle(StackStatusEvents.stream(StackStatusEvents.ROLLBACK_FAILED)));

    assertEquals(1, lines.size(), lines.toString());
    JsonNode line = Json.mapper().readTree(lines.getFirst());
    assertEquals("INFO", line.path("level").asText());
    assertEquals("stack_event_handled", line.path("event").asText());
    assertEquals("orders", line.path("stack").asText());
    assertEquals("UPDATE_ROLLBACK_FAILED", line.path("status").asText());
    assertEquals("NOTIFIED", line.path("outcome").asText());
  }

  @Test
  void handle_whenNotJson_thenRejectedClearlyLoggedOnceAndNoClientsBuilt() throws Exception {
    List<FunctionFailure> thrown = new ArrayList<>();
    List<String> lines =
        StackStatusEvents.stderrOf(
            () ->
                thrown.add(
                    assertThrows(
                        FunctionFailure.class,
                        () -> handler.handle(StackStatusEvents.text("{\"detail-type\": oops")))));

    FunctionFailure e = thrown.getFirst();
    assertEquals(
        "not a usable CloudFormation Stack Status Change event: the input is" + " not JSON",
        e.getMessage());
    assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    assertEquals("fogbank.INVALID_REQUEST", e.getClass().getName());
    assertEquals(0, e.getStackTrace().length, "no stack trace to print");
    assertEquals(1, lines.size(), lines.toString());
    JsonNode line = Json.mapper().readTree(lines.getFirst());
    assertEquals("WARN", line.path("level").asText());
    assertEquals("stack_event_rejected", line.path("event").asText());
    assertEquals("INVALID_REQUEST", line.path("code").asText());
    assertEquals(0, intakeBuilt.get());
    assertTrue(claims.ids.isEmpty());
  }

  @Test
  void handle_whenResourceStatusChangeEvent_thenRejectedNamingTheDetailType() {
    FunctionFailure e =
        assertThrows(
            FunctionFailure.class,
            () -> handler.handle(StackStatusEvents.stream(StackStatusEvents.RESOURCE_STATUS)));

    assertEquals(
        "not a usable CloudFormation Stack Status Change event: detail-type is"
            + " 'CloudFormation Resource Status Change', expected 'CloudFormation Stack Status"
            + " Change'",
        e.getMessage());
    assertTrue(claims.ids.isEmpty());
    assertTrue(notifier.events.isEmpty());
  }

  @Test
  void handle_whenFieldMissing_thenRejectedNamingTheField() {
    String event =
        new String(StackStatusEvents.bytes(StackStatusEvents.ROLLBACK_FAILED))
            .replace("\"stack-id\"", "\"stack\"");

    FunctionFailure e =
        assertThrows(FunctionFailure.class, () -> handler.handle(StackStatusEvents.text(event)));

    assertEquals(
        "not a usable CloudFormation Stack Status Change event: field"
            + " 'detail.stack-id' is missing or empty",
        e.getMessage());
  }

  @Test
  void handle_whenTableUnavailable_thenFailsAwsUnavailableForRetryWithOneErrorLine()
      throws Exception {
    claims.unavailable = true;
    List<FunctionFailure> thrown = new ArrayList<>();

    List<String> lines =
        StackStatusEvents.stderrOf(
            () ->
                thrown.add(
                    assertThrows(
                        FunctionFailure.class,
                        () ->
                            handler.handle(
                                StackStatusEvents.stream(StackStatusEvents.ROLLBACK_FAILED)))));

    assertEquals("table down", thrown.getFirst().getMessage());
    assertEquals(1, lines.size(), lines.toString());
    JsonNode line = Json.mapper().readTree(lines.getFirst());
    assertEquals("stack_event_failed", line.path("event").asText());
    assertEquals("AWS_UNAVAILABLE", line.path("code").asText());
    assertEquals("c1f4e7a2-58d3-4b6e-9f0a-2d7c8b1e5a93", line.path("eventId").asText());
  }

  @Test
  void handle_whenBugInside_thenInternalWithoutTheThirdPartyMessage() {
    StackEventsHandler broken =
        new StackEventsHandler(
            () -> {
              throw new NullPointerException("secret detail");
            });

    FunctionFailure e =
        assertThrows(
            FunctionFailure.class,
            () -> broken.handle(StackStatusEvents.stream(StackStatusEvents.ROLLBACK_FAILED)));

    assertEquals("internal error handling the event", e.getMessage());
    assertFalse(e.getMessage().contains("secret"));
  }

  static final class MemoryClaims implements EventClaims {
    final Set<String> ids = new HashSet<>();
    boolean unavailable;

    @Override
    public synchronized boolean claim(EventClaim claim) {
      if (unavailable) {
        throw new AwsUnavailableException("table down");
      }
      return ids.add(claim.eventId());
    }

    @Override
    public synchronized boolean release(String eventId) {
      return ids.remove(eventId);
    }
  }

  static final class RecordingNotifier implements Notifier {
    final List<DeploymentEvent> events = new ArrayList<>();

    @Override
    public synchronized void notify(DeploymentEvent event) {
      events.add(event);
    }
  }
}
