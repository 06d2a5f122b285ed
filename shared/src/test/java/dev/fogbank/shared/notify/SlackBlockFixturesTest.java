package dev.fogbank.shared.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.notify.DeploymentEvent.Kind;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Block Kit of each event type against its JSON fixture ({@code notify/blocks/<KIND>.json}):
 * the whole payload, except that the approval request is compared on its header and fields only
 * (its decision section and buttons belong to the Slack actions work). Each fixture also must show
 * what the issue asks for: the stack, who (deployments), what changed or went wrong.
 *
 * <p>To rewrite the fixtures after a deliberate change: {@code
 * -Dfogbank.writeFixtures=shared/src/test/resources/notify/blocks}, then read the diff.
 */
class SlackBlockFixturesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-11-21T22:06:12Z");

  static DeploymentEvent sample(Kind kind) throws Exception {
    ReviewDigest review = ReviewDigest.of(SlackMessageRendererTest.twelveChanges());
    ChangeSummary changes = new ChangeSummary(2, 1, 0);
    return switch (kind) {
      case STACK_NEEDS_ATTENTION ->
          SlackMessageRendererTest.stackEvent(
              "The following resource(s) failed to update: [Queue].",
              SlackMessageRendererTest.CONSOLE);
      case DRIFT_DETECTED ->
          SlackMessageRendererTest.driftEvent(
              "1 resource differs from the template: Queue (MODIFIED: VisibilityTimeout 30 -> 60)");
      case DRIFT_RESOLVED ->
          DeploymentEvent.driftResolved(
              "orders", "123456789012", "eu-west-1", AT,
              new DeploymentEvent.StackStatus(null, "IN_SYNC", "Queue was drifted", null, null,
                  "det-2"));
      case DRIFT_SCAN_SUMMARY ->
          DeploymentEvent.driftScanSummary(
              "123456789012", "eu-west-1", AT,
              new DeploymentEvent.StackStatus(null, "DRIFT_SCAN",
                  "200 stacks: 190 IN_SYNC, 8 DRIFTED, 2 failed (orders-7: THROTTLED)", null, null,
                  "ds-1"));
      case COST_ANOMALY ->
          DeploymentEvent.costAnomaly(
              "orders", "123456789012", "eu-west-1", AT,
              "2026-11-20 cost $58.20, 2.9x the trailing 7-day average of $20.05");
      case COST_TAG_INACTIVE ->
          DeploymentEvent.costTagInactive(
              "123456789012", "eu-west-1", AT, "cs-20261121T220612-0123456789ab",
              "Cost Explorer reports costs but none grouped by the aws:cloudformation:stack-name"
                  + " tag: the tag is most likely not activated.");
      case BUDGET_ALERT -> {
        String message =
            "AWS Budget Notification November 21, 2026\nAWS Account 123456789012\n\n"
                + "You requested that we alert you when the ACTUAL Cost associated with your"
                + " fogbank-eu-west-1-orders budget is greater than $200.00 for the current"
                + " month. The ACTUAL Cost associated with this budget is $212.47.\n\n"
                + "Budget Name: fogbank-eu-west-1-orders\nBudget Type: Cost\n"
                + "Budgeted Amount: $250.00\nAlert Type: ACTUAL\nAlert Threshold: > $200.00\n"
                + "ACTUAL Amount: $212.47\n";
        yield DeploymentEvent.budgetAlert(
            BudgetNotification.parse(message).orElseThrow(), message, AT);
      }
      case FAILED ->
          new DeploymentEvent(kind, "d-1", "orders", "123456789012", "eu-west-1", "api", "alice",
                  AT, 70_123L, changes,
                  new DeploymentError("STACK_FAILED",
                      "Queue (AWS::SQS::Queue) UPDATE_FAILED: Invalid value for MessageRetentionPeriod"),
              null,
              null)
              .withReview(review);
      case REJECTED ->
          new DeploymentEvent(kind, "d-1", "orders", "123456789012", "eu-west-1", "drop", "alice",
              AT, 1_200L, null,
              new DeploymentError("REJECTED",
                  "1 blocking finding: CRITICAL S3_PUBLIC_ACCESS at Resources.Bucket (line 4)"),
              null,
              null);
      case CANCELLED ->
          new DeploymentEvent(kind, "d-1", "orders", "123456789012", "eu-west-1", "api", "alice",
              AT, 5_000L, null,
              new DeploymentError("CANCELLED", "the change set was rejected and deleted: not now"),
              null,
              null);
      case SUCCEEDED, APPROVAL_REQUESTED ->
          new DeploymentEvent(kind, "d-1", "orders", "123456789012", "eu-west-1", "api", "alice",
                  AT, kind == Kind.SUCCEEDED ? 70_123L : null, changes, null, null, null)
              .withReview(review);
      case STARTED, NO_CHANGES ->
          new DeploymentEvent(kind, "d-1", "orders", "123456789012", "eu-west-1", "drop", "alice",
              AT, kind == Kind.NO_CHANGES ? 3_000L : null, null, null, null, null);
    };
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void render_matchesTheFixtureOfItsEventType(Kind kind) throws Exception {
    ObjectNode rendered = new SlackMessageRenderer().toTree(sample(kind));
    String file = kind.name() + ".json";
    String writeTo = System.getProperty("fogbank.writeFixtures");
    if (writeTo != null) {
      Files.writeString(
          Path.of(writeTo).resolve(file),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rendered) + "\n",
          StandardCharsets.UTF_8);
    }
    JsonNode fixture;
    try (InputStream in = getClass().getResourceAsStream("/notify/blocks/" + file)) {
      assertNotNull(in, "no fixture " + file);
      fixture = JSON.readTree(in);
    }
    if (kind == Kind.APPROVAL_REQUESTED) {
      assertEquals(firstBlocks(fixture), firstBlocks(rendered));
    } else {
      assertEquals(fixture, rendered);
    }
    String all = rendered.toString();
    if (!(kind == Kind.DRIFT_SCAN_SUMMARY || kind == Kind.COST_TAG_INACTIVE)) {
      assertTrue(all.contains("orders"), "the stack");
    }
    if (!sample(kind).aboutStack()) {
      assertTrue(all.contains("alice"), "who");
      assertTrue(all.contains("d-1"), "the deployment");
    }
    if (kind == Kind.FAILED || kind == Kind.REJECTED) {
      assertTrue(all.contains(sample(kind).error().code()), "the root cause's code");
    }
    if (kind == Kind.SUCCEEDED || kind == Kind.FAILED || kind == Kind.APPROVAL_REQUESTED) {
      assertTrue(all.contains("*Review* risk"), "what changed and its risk");
    }
  }

  private static ArrayNode firstBlocks(JsonNode payload) {
    ArrayNode blocks = JSON.createArrayNode();
    blocks.add(payload.get("blocks").get(0));
    blocks.add(payload.get("blocks").get(1));
    return blocks;
  }
}
