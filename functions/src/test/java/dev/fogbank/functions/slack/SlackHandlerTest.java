package dev.fogbank.functions.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.NotificationChannel;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.notify.SlackMessageRenderer;
import dev.fogbank.shared.rules.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The slack function as SNS invokes it, with a recording notifier in place of the webhook. */
class SlackHandlerTest {
  private final RecordingNotifier slack = new RecordingNotifier();
  private final SlackHandler handler = new SlackHandler(slack);

  @Test
  void handleRequest_whenMessageIsDeploymentEvent_thenNotifiedWithEveryField() {
    int delivered =
        handler.handleRequest(SnsEvents.bind(SnsEvents.load("sns-deployment-failed.json")), null);

    assertEquals(1, delivered);
    assertEquals(1, slack.events.size());
    DeploymentEvent event = slack.events.getFirst();
    assertEquals(DeploymentEvent.Kind.FAILED, event.kind());
    assertEquals("d-20261121T220501-3f9a1c2b7d4e", event.deploymentId());
    assertEquals("web", event.stackName());
    assertEquals("123456789012", event.account());
    assertEquals("us-east-1", event.region());
    assertEquals("api", event.source());
    assertEquals(Instant.parse("2026-11-21T22:06:12.345Z"), event.at());
    assertEquals(70_123L, event.durationMillis());
    assertEquals(
        new DeploymentError("STACK_FAILED", "stack 'web' ended ROLLBACK_COMPLETE"), event.error());
  }

  @Test
  void handleRequest_whenBudgetsAlert_thenOneBudgetAlertEventRenderedNamingStackAmountsAndBudget() {
    int delivered =
        handler.handleRequest(
            SnsEvents.bind(SnsEvents.load("sns-budgets-notification.json")), null);

    assertEquals(1, delivered);
    assertEquals(1, slack.events.size());
    DeploymentEvent event = slack.events.getFirst();
    assertEquals(DeploymentEvent.Kind.BUDGET_ALERT, event.kind());
    assertEquals("orders", event.stackName());
    assertEquals("us-east-1", event.region());
    assertEquals(Severity.MEDIUM, event.severity());
    JsonNode payload = new SlackMessageRenderer().toTree(event);
    assertEquals(
        ":money_with_wings: orders is over > $200.00 (ACTUAL)",
        payload.path("blocks").path(0).path("text").path("text").asText());
    String fields = payload.path("blocks").path(1).path("fields").toString();
    assertTrue(fields.contains("*Stack*\\norders"), fields);
    assertTrue(fields.contains("123456789012 / us-east-1"), fields);
    assertTrue(fields.contains("*ACTUAL cost*\\n$212.47"), fields);
    assertTrue(fields.contains("*Budget (month)*\\n$250.00"), fields);
    assertTrue(fields.contains("&gt; $200.00"), fields);
    String text = payload.path("blocks").path(2).path("text").path("text").asText();
    assertTrue(text.startsWith("You requested that we alert you"), text);
    assertTrue(text.contains("GET /costs?stack=orders"), text);
    assertTrue(payload.path("text").asText().contains("$212.47 of $250.00"), payload.toString());
  }

  @Test
  void handleRequest_whenBudgetsAlertForAnotherBudget_thenRenderedWithoutAStack() {
    String message =
        "AWS Budget Notification December 06, 2026\nAWS Account 123456789012\n\n"
            + "Budget Name: team-total\nBudget Type: Cost\nBudgeted Amount: $1,000.00\n"
            + "Alert Type: FORECASTED\nAlert Threshold: > $1,000.00\n"
            + "FORECASTED Amount: $1,250.00\n";

    handler.handleRequest(SnsEvents.bind(SnsEvents.withMessage(message)), null);

    assertEquals(1, slack.events.size());
    assertNull(slack.events.getFirst().stackName());
    String posted = new SlackMessageRenderer().render(slack.events.getFirst());
    assertTrue(posted.contains("budget team-total is over"), posted);
    assertTrue(posted.contains("not a fogbank stack"), posted);
    assertTrue(posted.contains("$1,250.00"), posted);
  }

  @Test
  void budgetAlert_whenChannelsRouteByTypeStackAndSeverity_thenOnlyTheChannelsThatWantIt() {
    handler.handleRequest(
        SnsEvents.bind(SnsEvents.load("sns-budgets-notification.json")), null);
    DeploymentEvent alert = slack.events.getFirst();

    assertTrue(channel(List.of("BUDGET_ALERT"), List.of("orders"), null).wants(alert));
    assertTrue(channel(List.of(), List.of("ord*"), Severity.MEDIUM).wants(alert));
    assertFalse(channel(List.of("COST_ANOMALY"), List.of(), null).wants(alert));
    assertFalse(channel(List.of(), List.of("payments-*"), null).wants(alert));
    assertFalse(channel(List.of(), List.of(), Severity.HIGH).wants(alert));
  }

  private static NotificationChannel channel(
      List<String> types, List<String> stacks, Severity minSeverity) {
    return new NotificationChannel("c", "fogbank/slack/c", types, stacks, minSeverity).validated();
  }

  @Test
  void fixtureMessage_isWhatSnsNotifierPublishes() throws Exception {
    // SnsNotifier writes the event with the shared mapper; the fixture must not drift from it.
    String message =
        SnsEvents.load("sns-deployment-failed.json")
            .path("Records")
            .path(0)
            .path("Sns")
            .path("Message")
            .asText();

    DeploymentEvent event = Json.mapper().readValue(message, DeploymentEvent.class);

    assertEquals(message, Json.mapper().writeValueAsString(event));
  }

  @Test
  void handleRequest_whenMessageIsNotOurs_thenSkippedAndCountZero() {
    int delivered =
        handler.handleRequest(SnsEvents.bind(SnsEvents.load("sns-foreign-message.json")), null);

    assertEquals(0, delivered);
    assertTrue(slack.events.isEmpty());
  }

  @Test
  void handleRequest_whenBatchMixesGarbageAndEvent_thenOnlyTheEventIsDelivered() {
    JsonNode ours = SnsEvents.load("sns-deployment-failed.json");
    JsonNode foreign = SnsEvents.load("sns-foreign-message.json");
    ObjectNode batch = Json.mapper().createObjectNode();
    ArrayNode records = batch.putArray("Records");
    records.add(foreign.path("Records").path(0));
    records.add(ours.path("Records").path(0));
    ObjectNode wrongKind = ours.path("Records").path(0).deepCopy();
    ((ObjectNode) wrongKind.path("Sns"))
        .put("Message", "{\"kind\":\"EXPLODED\",\"deploymentId\":\"d-1\"}");
    records.add(wrongKind);

    int delivered = handler.handleRequest(SnsEvents.bind(batch), null);

    assertEquals(1, delivered);
    assertEquals(List.of("d-20261121T220501-3f9a1c2b7d4e"), slack.deploymentIds());
  }

  private static final class RecordingNotifier implements Notifier {
    final List<DeploymentEvent> events = new ArrayList<>();

    @Override
    public void notify(DeploymentEvent event) {
      events.add(event);
    }

    List<String> deploymentIds() {
      return events.stream().map(DeploymentEvent::deploymentId).toList();
    }
  }
}
