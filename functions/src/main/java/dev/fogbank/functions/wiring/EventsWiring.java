package dev.fogbank.functions.wiring;

import dev.fogbank.shared.stackevents.StackStatusEventReader;
import dev.fogbank.shared.stackevents.StackStatusIntake;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** Built once per Lambda container, on the first event (class initialisation is lazy and safe). */
public final class EventsWiring {
  private EventsWiring() {}

  private static final class Holder {
    static final EventsComponent COMPONENT = DaggerEventsComponent.create();
    static final StackStatusIntake INTAKE = COMPONENT.intake();
  }

  public static StackStatusIntake intake() {
    return Holder.INTAKE;
  }

  /**
   * Registers the events group's SnapStart priming; called from the handler's constructor, since
   * the intake itself is built on the first event only (input that is not an event builds none).
   */
  public static void registerPriming() {
    SnapStartPriming.register("events", EventsWiring::prime);
  }

  /**
   * SnapStart priming for a stack status change: the intake and the clients it calls (DynamoDB
   * for the claim, the lock and the record, SNS for the notification, Step Functions to resume a
   * waiting deployment) built, an EventBridge event read and an answer written, one read-only
   * table read. Nothing is claimed, published or resumed.
   */
  private static void prime() {
    EventsComponent c = Holder.COMPONENT;
    intake();
    c.clients().dynamoDb();
    c.clients().sns();
    c.clients().sfn();
    var event =
        StackStatusEventReader.read(
            new ByteArrayInputStream(SAMPLE_EVENT.getBytes(StandardCharsets.UTF_8)));
    // The answer, as the handler writes it.
    dev.fogbank.shared.json.Json.mapper()
        .valueToTree(
            new dev.fogbank.functions.events.StackEventsHandler.Result(
                event.eventId(), event.stackName(), event.account(), event.region(),
                event.status(), "PRIMING"))
        .toString();
    SnapStartPriming.readOnlyTableRead(c.clients(), c.environment().tableName());
  }

  private static final String SAMPLE_EVENT =
      """
      {"version": "0", "id": "00000000-0000-0000-0000-000000000000",
       "detail-type": "CloudFormation Stack Status Change", "source": "aws.cloudformation",
       "account": "000000000000", "time": "2026-01-01T00:00:00Z", "region": "us-east-1",
       "resources": ["arn:aws:cloudformation:us-east-1:000000000000:stack/priming/00000000-0000-0000-0000-000000000000"],
       "detail": {"stack-id": "arn:aws:cloudformation:us-east-1:000000000000:stack/priming/00000000-0000-0000-0000-000000000000",
                  "status-details": {"status": "UPDATE_ROLLBACK_FAILED", "status-reason": "priming"},
                  "client-request-token": "fogbank-d-20260101T000000-000000000000"}}
      """;
}
