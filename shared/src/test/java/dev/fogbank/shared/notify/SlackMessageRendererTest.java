package dev.fogbank.shared.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.estimate.ReviewCostEstimate;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.notify.DeploymentEvent.Kind;
import dev.fogbank.shared.review.Replacement;
import dev.fogbank.shared.review.ReviewReport;
import dev.fogbank.shared.review.ReviewedChange;
import dev.fogbank.shared.rules.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class SlackMessageRendererTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2025-03-04T05:06:07Z");

  private final SlackMessageRenderer renderer = new SlackMessageRenderer();

  public static DeploymentEvent event(
      Kind kind, ChangeSummary changes, Long millis, DeploymentError error) {
    return new DeploymentEvent(
        kind,
        "d-123",
        "my-stack",
        "123456789012",
        "eu-west-1",
        "drop",
        "alice",
        AT,
        millis,
        changes,
        error,
        null,
        null);
  }

  private JsonNode render(DeploymentEvent event) throws Exception {
    return JSON.readTree(renderer.render(event));
  }

  private static JsonNode block(JsonNode payload, String type) {
    for (JsonNode block : payload.get("blocks")) {
      if (block.get("type").asText().equals(type)) {
        return block;
      }
    }
    throw new AssertionError("no " + type + " block in " + payload);
  }

  private static List<String> fieldTexts(JsonNode payload) {
    List<String> texts = new ArrayList<>();
    for (JsonNode block : payload.get("blocks")) {
      if (block.has("fields")) {
        block.get("fields").forEach(f -> texts.add(f.get("text").asText()));
      }
    }
    return texts;
  }

  @Test
  void render_whenSucceeded_thenTextSummarisesChangesDurationAndWho() throws Exception {
    JsonNode payload = render(event(Kind.SUCCEEDED, new ChangeSummary(2, 1, 0), 3200L, null));

    assertEquals(
        ":white_check_mark: my-stack deployed (2 added, 1 modified, 0 removed) in 3.2 s"
            + " — deployment d-123 by alice via drop",
        payload.get("text").asText());
    assertEquals(
        ":white_check_mark: my-stack deployed", block(payload, "header").at("/text/text").asText());
  }

  @Test
  void render_whenSucceeded_thenFieldsCarryStackAccountSourceRequesterIdChangesDuration()
      throws Exception {
    JsonNode payload = render(event(Kind.SUCCEEDED, new ChangeSummary(2, 1, 0), 3200L, null));

    assertEquals(
        List.of(
            "*Stack*\nmy-stack",
            "*Account / region*\n123456789012 / eu-west-1",
            "*Source*\ndrop",
            "*Requested by*\nalice",
            "*Deployment*\n`d-123`",
            "*Changes*\n2 added, 1 modified, 0 removed",
            "*Duration*\n3.2 s"),
        fieldTexts(payload));
    block(payload, "section")
        .get("fields")
        .forEach(f -> assertEquals("mrkdwn", f.get("type").asText()));
  }

  @Test
  void render_whenStarted_thenRocketAndNoDuration() throws Exception {
    JsonNode payload = render(event(Kind.STARTED, null, null, null));

    assertEquals(
        ":rocket: my-stack deployment started — deployment d-123 by alice via drop",
        payload.get("text").asText());
    assertFalse(fieldTexts(payload).stream().anyMatch(f -> f.startsWith("*Duration*")));
  }

  @Test
  void render_whenNoChanges_thenZzzAndUnchanged() throws Exception {
    JsonNode payload = render(event(Kind.NO_CHANGES, ChangeSummary.NONE, 1100L, null));

    assertEquals(
        ":zzz: my-stack unchanged (no changes to deploy) in 1.1 s"
            + " — deployment d-123 by alice via drop",
        payload.get("text").asText());
    assertEquals(":zzz: my-stack unchanged", block(payload, "header").at("/text/text").asText());
  }

  @Test
  void render_whenRejected_thenNoEntryAndTheWorstFindingsInTheErrorSection() throws Exception {
    DeploymentError error =
        new DeploymentError(
            "REJECTED",
            "stack 'my-stack': 1 finding blocks this deployment (block at HIGH or worse):"
                + " FB-S3-001 CRITICAL Resources.Site (line 6, column 7): public bucket");

    JsonNode payload = render(event(Kind.REJECTED, null, 1_000L, error));

    String text = payload.get("text").asText();
    assertTrue(
        text.startsWith(":no_entry: my-stack deployment rejected by validation: REJECTED"), text);
    assertTrue(text.contains("FB-S3-001 CRITICAL"), text);
    assertEquals(
        ":no_entry: my-stack deployment rejected",
        block(payload, "header").at("/text/text").asText());
    assertTrue(payload.toString().contains("*Error* `REJECTED`"), payload::toString);
  }

  @Test
  void render_whenFailed_thenXAndErrorSectionWithCodeAndMessage() throws Exception {
    DeploymentError error = new DeploymentError("CHANGE_SET_FAILED", "Bucket already exists");

    JsonNode payload = render(event(Kind.FAILED, null, 65_000L, error));

    assertEquals(
        ":x: my-stack deployment failed: CHANGE_SET_FAILED Bucket already exists in 1 min 5 s"
            + " — deployment d-123 by alice via drop",
        payload.get("text").asText());
    boolean errorSection = false;
    for (JsonNode block : payload.get("blocks")) {
      String text = block.at("/text/text").asText();
      if (block.get("type").asText().equals("section") && text.startsWith("*Error*")) {
        assertEquals("*Error* `CHANGE_SET_FAILED`\nBucket already exists", text);
        errorSection = true;
      }
    }
    assertTrue(errorSection, payload.toString());
  }

  @Test
  void render_whenTimestamp_thenContextBlockUsesSlackDateWithIsoFallback() throws Exception {
    JsonNode payload = render(event(Kind.STARTED, null, null, null));

    String context = block(payload, "context").at("/elements/0/text").asText();
    assertTrue(
        context.contains(
            "<!date^"
                + AT.getEpochSecond()
                + "^{date_short_pretty} {time_secs}|"
                + "2025-03-04T05:06:07Z>"),
        context);
  }

  @Test
  void render_whenValuesContainSlackControlCharacters_thenEscaped() throws Exception {
    DeploymentEvent event =
        new DeploymentEvent(
            Kind.FAILED,
            "d-1",
            "a&b",
            "1",
            "r",
            "api",
            "<!channel>",
            AT,
            10L,
            null,
            new DeploymentError("X", "<https://evil|click> & more"),
            null,
            null);

    JsonNode payload = render(event);

    String all = payload.toString();
    assertFalse(all.contains("<!channel>"), all);
    assertFalse(all.contains("<https://evil"), all);
    assertTrue(payload.get("text").asText().contains("by &lt;!channel&gt;"));
    assertTrue(fieldTexts(payload).contains("*Stack*\na&amp;b"));
    assertTrue(all.contains("&lt;https://evil|click&gt; &amp; more"), all);
  }

  @Test
  void render_whenOptionalFieldsMissing_thenNoNullsInPayload() throws Exception {
    DeploymentEvent event =
        new DeploymentEvent(
            Kind.FAILED,
            "d-1",
            "s",
            "1",
            "r",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    JsonNode payload = render(event);

    assertEquals(":x: s deployment failed — deployment d-1", payload.get("text").asText());
    assertFalse(payload.toString().contains("null"), payload.toString());
    assertFalse(payload.toString().contains("\"context\""), payload.toString());
  }

  public static final String CONSOLE =
      "https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1"
          + "#/stacks/stackinfo?stackId=arn%3Aaws%3Acloudformation%3Aeu-west-1%3A123456789012"
          + "%3Astack%2Forders%2F5b0f7e40";

  public static DeploymentEvent stackEvent(String reason, String consoleUrl) {
    return DeploymentEvent.stackNeedsAttention(
        "orders",
        "123456789012",
        "eu-west-1",
        AT,
        new DeploymentEvent.StackStatus(
            "arn:aws:cloudformation:eu-west-1:123456789012:stack/orders/5b0f7e40",
            "UPDATE_ROLLBACK_FAILED",
            reason,
            "Continue the update rollback.",
            consoleUrl,
            "c1f4e7a2"));
  }

  private static String section(JsonNode payload, String startingWith) {
    for (JsonNode block : payload.get("blocks")) {
      String text = block.at("/text/text").asText();
      if (block.get("type").asText().equals("section") && text.startsWith(startingWith)) {
        return text;
      }
    }
    throw new AssertionError("no section starting " + startingWith + " in " + payload);
  }

  @Test
  void render_whenStackNeedsAttention_thenTextNamesStackStatusReasonAccountRegion()
      throws Exception {
    JsonNode payload =
        render(stackEvent("The following resource(s) failed to update: [OrdersTable].", CONSOLE));

    assertEquals(
        ":rotating_light: orders needs attention: UPDATE_ROLLBACK_FAILED — The following"
            + " resource(s) failed to update: [OrdersTable]. (account 123456789012, eu-west-1)",
        payload.get("text").asText());
    assertEquals(
        ":rotating_light: orders needs attention: UPDATE_ROLLBACK_FAILED",
        block(payload, "header").at("/text/text").asText());
    assertEquals(
        List.of(
            "*Stack*\norders",
            "*Account / region*\n123456789012 / eu-west-1",
            "*Status*\n`UPDATE_ROLLBACK_FAILED`"),
        fieldTexts(payload));
  }

  @Test
  void render_whenStackNeedsAttention_thenReasonWhatToDoAndConsoleLink() throws Exception {
    JsonNode payload = render(stackEvent("Resource handler returned message: denied", CONSOLE));

    assertEquals(
        "*Reason*\nResource handler returned message: denied"
            + "\n*What to do*\nContinue the update rollback."
            + "\n<"
            + CONSOLE
            + "|Open the stack in the CloudFormation console>",
        section(payload, "*Reason*"));
    assertTrue(block(payload, "context").at("/elements/0/text").asText().contains("<!date^"));
    assertFalse(payload.toString().contains("null"), payload.toString());
    assertFalse(payload.toString().contains("Deployment"), payload.toString());
  }

  @Test
  void render_whenStackReasonEmpty_thenSaysCloudFormationGaveNone() throws Exception {
    JsonNode payload = render(stackEvent("", CONSOLE));

    assertTrue(
        section(payload, "*Reason*").startsWith("*Reason*\nCloudFormation gave no reason\n"));
    assertEquals(
        ":rotating_light: orders needs attention: UPDATE_ROLLBACK_FAILED"
            + " (account 123456789012, eu-west-1)",
        payload.get("text").asText());
  }

  @Test
  void render_whenStackReasonHasSlackControlCharacters_thenEscaped() throws Exception {
    JsonNode payload = render(stackEvent("<!channel> <https://evil|click> & more", CONSOLE));

    String all = payload.toString();
    assertFalse(all.contains("<!channel>"), all);
    assertFalse(all.contains("<https://evil"), all);
    assertTrue(
        section(payload, "*Reason*").contains("&lt;!channel&gt; &lt;https://evil|click&gt;"));
  }

  @Test
  void render_whenConsoleUrlUnsafeOrMissing_thenNoLink() throws Exception {
    for (String url :
        new String[] {
          null, "http://example.com/x", "https://example.com/a&b", "https://x|<!channel>"
        }) {
      JsonNode payload = render(stackEvent("r", url));

      String reason = section(payload, "*Reason*");
      assertFalse(reason.contains("<http"), url + ": " + reason);
      assertFalse(reason.contains("console>"), url + ": " + reason);
    }
  }

  static final String DRIFT_CONSOLE =
      "https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1"
          + "#/stacks/drifts?stackId=arn%3Aaws%3Acloudformation%3Aeu-west-1%3A123456789012"
          + "%3Astack%2Forders%2F5b0f7e40";

  public static DeploymentEvent driftEvent(String reason) {
    return DeploymentEvent.driftDetected(
        "orders",
        "123456789012",
        "eu-west-1",
        AT,
        new DeploymentEvent.StackStatus(
            "arn:aws:cloudformation:eu-west-1:123456789012:stack/orders/5b0f7e40",
            "DRIFTED",
            reason,
            "Redeploy the stack.",
            DRIFT_CONSOLE,
            "b78ac9b0-dec1-11e7-a451-503a3e7f9a11"));
  }

  @Test
  void render_whenDriftDetected_thenWarningTextHeaderFieldsDriftSectionAndLink() throws Exception {
    JsonNode payload =
        render(
            driftEvent(
                "2 resources differ from the template: Queue (MODIFIED), <Topic> (DELETED)"));

    assertEquals(
        ":warning: orders has drifted from its template — 2 resources differ from the template:"
            + " Queue (MODIFIED), &lt;Topic&gt; (DELETED) (account 123456789012, eu-west-1)",
        payload.get("text").asText());
    assertEquals(
        ":warning: orders has drifted from its template",
        block(payload, "header").at("/text/text").asText());
    assertEquals(
        List.of(
            "*Stack*\norders",
            "*Account / region*\n123456789012 / eu-west-1",
            "*Status*\n`DRIFTED`"),
        fieldTexts(payload));
    assertEquals(
        "*Drift*\n2 resources differ from the template: Queue (MODIFIED), &lt;Topic&gt; (DELETED)"
            + "\n*What to do*\nRedeploy the stack."
            + "\n<"
            + DRIFT_CONSOLE
            + "|Open the stack in the CloudFormation console>",
        section(payload, "*Drift*"));
    assertFalse(payload.toString().contains("Deployment"), payload.toString());
    assertFalse(payload.toString().contains("null"), payload.toString());
  }

  @Test
  void render_whenCostAnomaly_thenTheFindingInWordsAndWhereToLook() throws Exception {
    String reason =
        "stack 'orders' cost 100.00 USD on 2026-11-21, 100.0× the 7-day average of 1.00 USD"
            + " (99.00 USD over); flagged above 2× the average and more than 10.00 USD over it";
    JsonNode payload =
        render(DeploymentEvent.costAnomaly("orders", "123456789012", "eu-west-1", AT, reason));

    assertEquals(
        ":money_with_wings: orders cost anomaly — "
            + reason
            + " (account 123456789012, eu-west-1)",
        payload.get("text").asText());
    assertEquals(
        ":money_with_wings: orders cost anomaly",
        block(payload, "header").at("/text/text").asText());
    assertEquals(
        List.of(
            "*Stack*\norders",
            "*Account / region*\n123456789012 / eu-west-1",
            "*Status*\n`COST_ANOMALY`"),
        fieldTexts(payload));
    assertEquals(
        "*Reason*\n" + reason + "\n*What to do*\nlook at the stack's daily costs: GET"
            + " /costs?stack=orders",
        section(payload, "*Reason*"));
    assertFalse(payload.toString().contains("null"), payload.toString());
  }

  @Test
  void render_whenConsoleUrlSet_thenDeploymentAndStackPagesLinkedWithEncodedPath()
      throws Exception {
    SlackMessageRenderer linking = SlackMessageRenderer.withConsole("https://fogbank.example.com/");
    DeploymentEvent failed =
        new DeploymentEvent(
            Kind.FAILED, "d-1 2", "web|app>x", "123456789012", "eu-west-1", "api", "alice", AT,
            1_000L, null, new DeploymentError("STACK_FAILED", "boom"),
            null,
            null);

    String links = section(JSON.readTree(linking.render(failed)), "<https://");

    assertEquals(
        "<https://fogbank.example.com/console/deployments/d-1%202|Open the deployment in the"
            + " fogbank console> · <https://fogbank.example.com/console/stacks/web%7Capp%3Ex|Open"
            + " stack web|app&gt;x>",
        links);
  }

  @Test
  void render_whenConsoleUrlSetAndEventAboutAStack_thenOnlyTheStackPage() throws Exception {
    SlackMessageRenderer linking = SlackMessageRenderer.withConsole("http://127.0.0.1:8080");

    String links =
        section(
            JSON.readTree(
                linking.render(
                    DeploymentEvent.costAnomaly("orders", "123456789012", "eu-west-1", AT, "x"))),
            "<http://");

    assertEquals("<http://127.0.0.1:8080/console/stacks/orders|Open stack orders>", links);
  }

  @Test
  void render_whenNoConsoleUrl_thenNoConsoleLinks() throws Exception {
    JsonNode payload = render(event(Kind.SUCCEEDED, null, 1_000L, null));

    assertFalse(payload.toString().contains("/console/"), payload.toString());
    assertNull(SlackMessageRenderer.withConsole(" ").consoleLinks(event(Kind.FAILED, null, 1L, null)));
  }

  @Test
  void withConsole_whenNotHttpsOrHoldsLinkCharacters_thenRefused() {
    for (String bad :
        List.of(
            "http://fogbank.example.com",
            "ftp://x",
            "https://x.example.com/a|b",
            "https://x.example.com/?a=1",
            "https://x.example.com/<x>",
            "https://x example.com")) {
      org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, () -> SlackMessageRenderer.withConsole(bad), bad);
    }
  }

  @Test
  void render_whenCostTagInactive_thenSaysSoAndHowToActivate() throws Exception {
    JsonNode payload =
        render(
            DeploymentEvent.costTagInactive(
                "123456789012", "eu-west-1", AT, "cs-1", "none grouped by the tag"));

    assertEquals(
        ":label: cost allocation tag not activated — none grouped by the tag (account"
            + " 123456789012, eu-west-1)",
        payload.get("text").asText());
    assertTrue(
        section(payload, "*Reason*").contains("activate the aws:cloudformation:stack-name cost"
            + " allocation tag"),
        payload.toString());
    assertEquals(
        dev.fogbank.shared.rules.Severity.MEDIUM,
        DeploymentEvent.costTagInactive("a", "r", AT, "cs-1", "n").severity());
  }

  // --- the change review ------------------------------------------------------------------------

  /** A stored review as history keeps it: 12 changes, two CRITICAL replacements listed late. */
  static ReviewReport twelveChanges() throws IOException {
    try (InputStream in =
        SlackMessageRendererTest.class.getResourceAsStream("/notify/review-12-changes.json")) {
      return Json.mapper().readValue(in, ReviewReport.class);
    }
  }

  private static List<String> sectionTexts(JsonNode payload) {
    List<String> texts = new ArrayList<>();
    for (JsonNode block : payload.get("blocks")) {
      if (block.get("type").asText().equals("section") && block.has("text")) {
        texts.add(block.at("/text/text").asText());
      }
    }
    return texts;
  }

  @Test
  void render_whenSucceededWithTwelveChanges_thenCountsThenFiveRiskiestCriticalFirstAndSevenMore()
      throws Exception {
    DeploymentEvent event =
        event(Kind.SUCCEEDED, new ChangeSummary(5, 5, 2), 3_200L, null)
            .withReview(ReviewDigest.of(twelveChanges()));

    String review = section(render(event), "*Review*");

    assertEquals(
        "*Review* risk *CRITICAL*, 12 changes: +5 added ~5 modified -2 removed\n"
            + "CRITICAL 2 · HIGH 2 · MEDIUM 3 · LOW 5\n"
            + "*Riskiest changes*\n"
            + "• *CRITICAL* Modify `OrdersTable` AWS::DynamoDB::Table · Replacement: True —"
            + " AWS::DynamoDB::Table OrdersTable is replaced (KeySchema): CloudFormation creates a"
            + " new one and deletes the old one with its data (no UpdateReplacePolicy; set"
            + " UpdateReplacePolicy: Retain or Snapshot)\n"
            + "• *CRITICAL* Modify `AssetsBucket` AWS::S3::Bucket · Replacement: True —"
            + " AWS::S3::Bucket AssetsBucket is replaced (BucketName): CloudFormation creates a new"
            + " one and deletes the old one with its data (no UpdateReplacePolicy; set"
            + " UpdateReplacePolicy: Retain)\n"
            + "• *HIGH* Modify `WebSecurityGroup` AWS::EC2::SecurityGroup · Replacement: True —"
            + " network change: AWS::EC2::SecurityGroup WebSecurityGroup is replaced"
            + " (GroupDescription): a new resource with a new physical id; what refers to it is"
            + " updated\n"
            + "• *HIGH* Modify `AppRole` AWS::IAM::Role · Replacement: False — security change:"
            + " AWS::IAM::Role AppRole is modified (Policies)\n"
            + "• *MEDIUM* Modify `ApiFunction` AWS::Lambda::Function · Replacement: False —"
            + " AWS::Lambda::Function ApiFunction is modified in place (Environment, MemorySize)\n"
            + "…and 7 more",
        review);
  }

  @Test
  void reviewDigest_whenEqualRisk_thenReplacementFirstAndNoPropertiesOnTheWire() throws Exception {
    ReviewDigest digest = ReviewDigest.of(twelveChanges());

    assertEquals(
        List.of("OrdersTable", "AssetsBucket", "WebSecurityGroup", "AppRole", "ApiFunction"),
        digest.riskiest().stream().map(ReviewedChange::logicalId).toList());
    assertEquals(7, digest.notShown());
    assertTrue(digest.riskiest().stream().allMatch(c -> c.properties().isEmpty()));
    assertEquals(null, ReviewDigest.of(null));
  }

  @Test
  void render_whenApprovalRequested_thenRiskInTextReviewThenHowToApproveOrReject()
      throws Exception {
    DeploymentEvent event =
        event(Kind.APPROVAL_REQUESTED, null, null, null)
            .withReview(ReviewDigest.of(twelveChanges()));

    JsonNode payload = render(event);

    assertEquals(
        ":raised_hand: my-stack waits for approval (POST /deployments/{id}/approve), risk CRITICAL"
            + " — deployment d-123 by alice via drop",
        payload.get("text").asText());
    List<String> sections = sectionTexts(payload);
    assertEquals(2, sections.size(), sections::toString);
    assertTrue(sections.get(0).startsWith("*Review* risk *CRITICAL*, 12 changes"), sections::toString);
    assertEquals(
        "*Approve or reject*\n"
            + "Approve: `fogbank approve d-123` or `POST /deployments/d-123/approve`\n"
            + "Reject: `fogbank reject d-123 --reason \"…\"` or `POST /deployments/d-123/reject`"
            + " with `{\"reason\": \"…\"}`",
        sections.get(1));
  }

  @Test
  void render_whenApprovalRequested_thenApproveAndRejectButtonsCarryTheDeploymentId()
      throws Exception {
    JsonNode payload = render(event(Kind.APPROVAL_REQUESTED, null, null, null));

    List<JsonNode> actions = new ArrayList<>();
    payload.get("blocks").forEach(b -> {
      if (b.path("type").asText().equals("actions")) {
        actions.add(b);
      }
    });
    assertEquals(1, actions.size(), payload::toString);
    JsonNode buttons = actions.getFirst().path("elements");
    assertEquals(2, buttons.size());
    assertEquals(SlackAction.APPROVE, buttons.get(0).path("action_id").asText());
    assertEquals("Approve", buttons.get(0).path("text").path("text").asText());
    assertEquals("primary", buttons.get(0).path("style").asText());
    assertEquals("d-123", buttons.get(0).path("value").asText());
    assertEquals(SlackAction.REJECT, buttons.get(1).path("action_id").asText());
    assertEquals("danger", buttons.get(1).path("style").asText());
    assertEquals("d-123", buttons.get(1).path("value").asText());
    assertTrue(buttons.get(1).path("confirm").isObject(), "a reject asks to confirm");
  }

  @Test
  void render_whenNotAnApprovalRequest_thenNoButtons() throws Exception {
    for (Kind kind : List.of(Kind.STARTED, Kind.SUCCEEDED, Kind.CANCELLED)) {
      JsonNode payload = render(event(kind, null, null, null));
      payload.get("blocks").forEach(
          b -> assertTrue(!b.path("type").asText().equals("actions"), kind + ": " + payload));
    }
  }

  /** A stored review whose update adds an RDS instance: +$14.71/month, above a $10 limit. */
  static ReviewReport rdsAdded() throws IOException {
    try (InputStream in =
        SlackMessageRendererTest.class.getResourceAsStream("/notify/review-rds-added.json")) {
      return Json.mapper().readValue(in, ReviewReport.class);
    }
  }

  @Test
  void render_whenApprovalRequestedWithCost_thenTextHasTheDeltaAndReviewTheTotalsAndCoverage()
      throws Exception {
    DeploymentEvent event =
        event(Kind.APPROVAL_REQUESTED, null, null, null).withReview(ReviewDigest.of(rdsAdded()));

    JsonNode payload = render(event);

    assertEquals(
        ":raised_hand: my-stack waits for approval (POST /deployments/{id}/approve), risk LOW,"
            + " cost +$14.71/month (+183.9%) — deployment d-123 by alice via drop",
        payload.get("text").asText());
    assertEquals(
        "*Review* risk *LOW*, 1 change: +1 added ~0 modified -0 removed\n"
            + "LOW 1\n"
            + "*Cost* $22.71/month ($272.52/year), +$14.71/month (+183.9%); not counted: 1"
            + " usage-based\n"
            + "*Riskiest changes*\n"
            + "• *LOW* Add `Orders` AWS::RDS::DBInstance · Replacement: False —"
            + " AWS::RDS::DBInstance Orders is added",
        section(payload, "*Review*"));
  }

  @Test
  void render_whenSucceededWithCost_thenTheReviewSectionCarriesTheCostLine() throws Exception {
    DeploymentEvent event =
        event(Kind.SUCCEEDED, new ChangeSummary(1, 0, 0), 3_200L, null)
            .withReview(ReviewDigest.of(rdsAdded()));

    JsonNode payload = render(event);

    assertTrue(
        section(payload, "*Review*")
            .contains("\n*Cost* $22.71/month ($272.52/year), +$14.71/month (+183.9%)"),
        payload::toString);
    assertFalse(payload.get("text").asText().contains("cost"), payload.get("text").asText());
  }

  @Test
  void reviewDigest_whenCostEstimate_thenTotalsAndCoverageWithoutPerResourceLines()
      throws Exception {
    ReviewCostEstimate cost = ReviewDigest.of(rdsAdded()).cost();

    assertEquals(0, new BigDecimal("14.71").compareTo(cost.deltaMonthly()));
    assertEquals(new ReviewCostEstimate.CoverageCounts(2, 1, 0), cost.coverage());
    assertEquals(List.of(), cost.resources());
    assertNull(ReviewDigest.of(twelveChanges()).cost());
  }

  @Test
  void deltaText_whenDecrease_thenMinusSignAndNegativePercent() {
    ReviewCostEstimate cost =
        new ReviewCostEstimate(
            new BigDecimal("1500.00"),
            new BigDecimal("18000.00"),
            "USD",
            new BigDecimal("-250.50"),
            new BigDecimal("-14.3"),
            new ReviewCostEstimate.CoverageCounts(3, 0, 1),
            List.of(),
            null);

    assertEquals("-$250.50/month (-14.3%)", cost.deltaText());
    assertEquals(
        "$1,500.00/month ($18,000.00/year), -$250.50/month (-14.3%); not counted: 1 not priced",
        cost.summary());
  }

  @Test
  void render_whenFailedWithReview_thenErrorFirstThenTheReview() throws Exception {
    DeploymentError error =
        new DeploymentError(
            "STACK_FAILED", "OrdersTable AWS::DynamoDB::Table UPDATE_FAILED: Access denied");
    DeploymentEvent event =
        event(Kind.FAILED, null, 65_000L, error).withReview(ReviewDigest.of(twelveChanges()));

    List<String> sections = sectionTexts(render(event));

    assertEquals(2, sections.size(), sections::toString);
    assertTrue(sections.get(0).startsWith("*Error* `STACK_FAILED`"), sections::toString);
    assertTrue(sections.get(1).startsWith("*Review* risk *CRITICAL*"), sections::toString);
    assertTrue(sections.get(1).endsWith("…and 7 more"), sections::toString);
  }

  @Test
  void render_whenRejectedByValidationWithoutReview_thenNoReviewSectionAndTextUnchanged()
      throws Exception {
    DeploymentError error = new DeploymentError("REJECTED", "FB-S3-001 CRITICAL public bucket");

    JsonNode payload = render(event(Kind.REJECTED, null, 1_000L, error));

    assertEquals(
        ":no_entry: my-stack deployment rejected by validation: REJECTED FB-S3-001 CRITICAL"
            + " public bucket in 1.0 s — deployment d-123 by alice via drop",
        payload.get("text").asText());
    assertEquals(List.of("*Error* `REJECTED`\nFB-S3-001 CRITICAL public bucket"), sectionTexts(payload));
    assertFalse(payload.toString().contains("Review"), payload::toString);
    assertFalse(payload.toString().contains("Approve"), payload::toString);
  }

  @Test
  void render_whenReviewHasNoChanges_thenNoReviewSection() throws Exception {
    ReviewDigest empty =
        new ReviewDigest(Severity.LOW, 0, Map.of(), Map.of(Severity.LOW, 0), List.of(), null);

    JsonNode payload = render(event(Kind.NO_CHANGES, ChangeSummary.NONE, 900L, null).withReview(empty));

    assertEquals(List.of(), sectionTexts(payload));
  }

  @Test
  void render_whenReviewValuesContainSlackControlCharacters_thenEscaped() throws Exception {
    ReviewedChange change =
        new ReviewedChange(
            "Modify",
            "<!channel>",
            "Custom::X&Y",
            Replacement.CONDITIONAL,
            "template diff",
            List.of(),
            Severity.HIGH,
            "<https://evil|click> may be replaced");
    ReviewDigest digest =
        new ReviewDigest(
            Severity.HIGH,
            1,
            Map.of("Modify", 1),
            Map.of(Severity.HIGH, 1),
            List.of(change),
            ReviewCostEstimate.unavailable("<!here> pricing said *no*"));

    String review =
        section(render(event(Kind.APPROVAL_REQUESTED, null, null, null).withReview(digest)), "*Review*");

    assertEquals(
        "*Review* risk *HIGH*, 1 change: +0 added ~1 modified -0 removed\n"
            + "HIGH 1\n"
            + "*Cost* estimate unavailable: &lt;!here&gt; pricing said *no*\n"
            + "*Riskiest changes*\n"
            + "• *HIGH* Modify `&lt;!channel&gt;` Custom::X&amp;Y · Replacement: Conditional —"
            + " &lt;https://evil|click&gt; may be replaced",
        review);
  }

  @Test
  void emoji_whenEveryKind_thenOnePerKind() {
    for (Kind kind : Kind.values()) {
      assertTrue(SlackMessageRenderer.emoji(kind).startsWith(":"), kind.name());
    }
    assertEquals(":rotating_light:", SlackMessageRenderer.emoji(Kind.STACK_NEEDS_ATTENTION));
    assertEquals(":warning:", SlackMessageRenderer.emoji(Kind.DRIFT_DETECTED));
  }

  @Test
  void duration_whenVariousLengths_thenHumanUnits() {
    assertEquals("850 ms", SlackMessageRenderer.duration(850));
    assertEquals("3.2 s", SlackMessageRenderer.duration(3200));
    assertEquals("2 min 5 s", SlackMessageRenderer.duration(125_000));
    assertEquals("1 h 3 min", SlackMessageRenderer.duration(3_780_000));
  }
}
