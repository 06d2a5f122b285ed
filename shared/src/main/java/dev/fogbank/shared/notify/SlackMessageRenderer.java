package dev.fogbank.shared.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.ChangeSummary;
import dev.fogbank.shared.deploy.DeploymentError;
import dev.fogbank.shared.estimate.ReviewCostEstimate;
import dev.fogbank.shared.review.ReviewedChange;
import dev.fogbank.shared.rules.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a {@link DeploymentEvent} as a Slack incoming-webhook payload: a {@code text} fallback
 * (notifications, screen readers) plus Block Kit {@code blocks}. Every value that came from users
 * or AWS is escaped for Slack's mrkdwn, so a stack name or error message cannot inject a mention or
 * a link.
 */
public final class SlackMessageRenderer {
  // Slack's documented limits: header text 150, section text 3000, field text 2000 characters.
  static final int HEADER_MAX = 150;
  static final int SECTION_MAX = 3000;
  static final int FIELD_MAX = 2000;
  static final int TEXT_ERROR_MAX = 300;
  static final int REASON_MAX = 300;

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** The fogbank console's base URL (no trailing slash); null: messages carry no console link. */
  private final String consoleBaseUrl;

  public SlackMessageRenderer() {
    this.consoleBaseUrl = null;
  }

  private SlackMessageRenderer(String consoleBaseUrl) {
    this.consoleBaseUrl = consoleBaseUrl;
  }

  /**
   * A renderer whose messages link the deployment's and the stack's console pages under {@code
   * baseUrl} ({@code FOGBANK_CONSOLE_URL}); null or blank: no links.
   *
   * @throws IllegalArgumentException for a URL that is not https (http only to localhost or
   *     127.0.0.1), or holds characters a Slack link cannot carry
   */
  public static SlackMessageRenderer withConsole(String baseUrl) {
    if (baseUrl == null || baseUrl.isBlank()) {
      return new SlackMessageRenderer();
    }
    String url = baseUrl.strip();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    boolean local = url.matches("http://(localhost|127\\.0\\.0\\.1)(:[0-9]{1,5})?(/.*)?");
    if (!(url.startsWith("https://") || local)
        || !url.matches("[\\x21-\\x7e]+")
        || url.matches(".*[<>|&?#].*")
        || url.length() > 512) {
      throw new IllegalArgumentException(
          "console URL '" + cut(url, 80) + "' must be an https URL (http only to localhost)"
              + " without <, >, |, &, ? or #");
    }
    return new SlackMessageRenderer(url);
  }

  private static final BudgetAlertRenderer BUDGET_ALERTS = new BudgetAlertRenderer();

  /** The Budgets message a {@link DeploymentEvent.Kind#BUDGET_ALERT} carries, read again. */
  private static Optional<BudgetNotification> budgetAlert(DeploymentEvent event) {
    return event.kind() == DeploymentEvent.Kind.BUDGET_ALERT && event.stackStatus() != null
        ? BudgetNotification.parse(event.stackStatus().reason())
        : Optional.empty();
  }

  /** The JSON payload to POST to the webhook. */
  public String render(DeploymentEvent event) {
    return toTree(event).toString();
  }

  /** The message {@code POST /notifications/test} sends to channel {@code channel}. */
  public String renderTest(String channel, String by) {
    String text =
        ":wave: fogbank test message for channel "
            + escape(channel)
            + (by == null ? "" : ", sent by " + escape(by))
            + ": this channel's webhook works.";
    ObjectNode payload = JSON.createObjectNode();
    payload.put("text", text);
    payload
        .putArray("blocks")
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", cut(text, SECTION_MAX));
    return payload.toString();
  }

  /** The payload as a tree (tests and other Slack transports). */
  public ObjectNode toTree(DeploymentEvent event) {
    Optional<BudgetNotification> budget = budgetAlert(event);
    if (budget.isPresent()) {
      // Budgets' own message, rendered as its own layout (BudgetAlertRenderer).
      return BUDGET_ALERTS.toTree(budget.get());
    }
    ObjectNode payload = JSON.createObjectNode();
    payload.put("text", fallbackText(event));
    ArrayNode blocks = payload.putArray("blocks");

    ObjectNode header = blocks.addObject().put("type", "header");
    header
        .putObject("text")
        .put("type", "plain_text")
        .put("text", cut(emoji(event.kind()) + " " + headline(event), HEADER_MAX))
        .put("emoji", true);

    ObjectNode fields = blocks.addObject().put("type", "section");
    ArrayNode fieldList = fields.putArray("fields");
    for (String field : fields(event)) {
      fieldList.addObject().put("type", "mrkdwn").put("text", cut(field, FIELD_MAX));
    }

    if (event.aboutStack()) {
      addStackStatus(blocks, event.kind(), event.stackStatus());
    }

    if (event.kind() == DeploymentEvent.Kind.FAILED
        || event.kind() == DeploymentEvent.Kind.REJECTED) {
      // A rejection's message names its worst findings (rule, severity, where, line).
      DeploymentError error = event.error();
      String code = error == null || error.code() == null ? "UNKNOWN" : error.code();
      String message =
          error == null || error.message() == null ? "no error message" : error.message();
      blocks
          .addObject()
          .put("type", "section")
          .putObject("text")
          .put("type", "mrkdwn")
          .put("text", cut("*Error* `" + escape(code) + "`\n" + escape(message), SECTION_MAX));
    }

    ReviewDigest review = event.review();
    if (review != null && review.changeCount() > 0) {
      addSection(blocks, reviewText(review));
    }
    if (event.kind() == DeploymentEvent.Kind.APPROVAL_REQUESTED) {
      addSection(blocks, howToDecide(orUnknown(event.deploymentId())));
      if (event.deploymentId() != null) {
        addDecisionButtons(blocks, event.deploymentId());
      }
    }

    String links = consoleLinks(event);
    if (links != null) {
      addSection(blocks, links);
    }

    if (event.at() != null) {
      long epoch = event.at().getEpochSecond();
      // Slack shows the date in each reader's time zone; the ISO text is the fallback.
      String when = "<!date^" + epoch + "^{date_short_pretty} {time_secs}|" + event.at() + ">";
      blocks
          .addObject()
          .put("type", "context")
          .putArray("elements")
          .addObject()
          .put("type", "mrkdwn")
          .put("text", "fogbank · " + when);
    }
    return payload;
  }

  /**
   * The one-line summary, e.g. ":white_check_mark: my-stack deployed (2 added, 1 modified, 0
   * removed) in 3.2 s — deployment d-123 by alice via drop".
   */
  String fallbackText(DeploymentEvent event) {
    if (event.kind() == DeploymentEvent.Kind.STACK_NEEDS_ATTENTION) {
      return stackStatusText(event);
    }
    if (event.kind() == DeploymentEvent.Kind.DRIFT_DETECTED
        || event.kind() == DeploymentEvent.Kind.DRIFT_RESOLVED
        || event.kind() == DeploymentEvent.Kind.DRIFT_SCAN_SUMMARY
        || event.kind() == DeploymentEvent.Kind.COST_ANOMALY
        || event.kind() == DeploymentEvent.Kind.COST_TAG_INACTIVE) {
      return driftText(event);
    }
    StringBuilder text = new StringBuilder(emoji(event.kind())).append(' ');
    text.append(escape(orUnknown(event.stackName()))).append(' ');
    switch (event.kind()) {
      case STARTED -> text.append("deployment started");
      case APPROVAL_REQUESTED -> {
        text.append("waits for approval (POST /deployments/{id}/approve)");
        if (event.review() != null) {
          text.append(", risk ").append(event.review().riskLevel());
          ReviewCostEstimate cost = event.review().cost();
          if (cost != null && cost.unavailable() == null && cost.deltaMonthly() != null) {
            text.append(", cost ").append(cost.deltaText());
          }
        }
      }
      case CANCELLED -> {
        text.append("deployment cancelled");
        if (event.error() != null && event.error().message() != null) {
          text.append(": ").append(escape(cut(event.error().message(), TEXT_ERROR_MAX)));
        }
      }
      case SUCCEEDED -> {
        text.append("deployed");
        if (event.changeSummary() != null) {
          text.append(" (").append(changes(event.changeSummary())).append(')');
        }
      }
      case NO_CHANGES -> text.append("unchanged (no changes to deploy)");
      case STACK_NEEDS_ATTENTION -> text.append("needs attention"); // written by stackStatusText
      case DRIFT_DETECTED, DRIFT_RESOLVED, DRIFT_SCAN_SUMMARY ->
          text.append("drift"); // written by driftText
      case COST_ANOMALY -> text.append("cost anomaly"); // written by driftText
      case COST_TAG_INACTIVE -> text.append("cost tag"); // written by driftText
      case BUDGET_ALERT -> text.append("budget alert"); // BudgetAlertRenderer's
      case FAILED, REJECTED -> {
        text.append(
            event.kind() == DeploymentEvent.Kind.REJECTED
                ? "deployment rejected by validation"
                : "deployment failed");
        DeploymentError error = event.error();
        if (error != null) {
          text.append(": ").append(escape(orUnknown(error.code())));
          if (error.message() != null && !error.message().isBlank()) {
            text.append(" ").append(escape(cut(error.message(), TEXT_ERROR_MAX)));
          }
        }
      }
    }
    if (event.durationMillis() != null && event.kind() != DeploymentEvent.Kind.STARTED) {
      text.append(" in ").append(duration(event.durationMillis()));
    }
    text.append(" — deployment ").append(escape(orUnknown(event.deploymentId())));
    if (event.requester() != null && !event.requester().isBlank()) {
      text.append(" by ").append(escape(event.requester()));
    }
    if (event.source() != null && !event.source().isBlank()) {
      text.append(" via ").append(escape(event.source()));
    }
    return text.toString();
  }

  private static String headline(DeploymentEvent event) {
    // plain_text: Slack shows it literally, so no mrkdwn escaping here.
    String stack = orUnknown(event.stackName());
    return switch (event.kind()) {
      case STARTED -> stack + " deployment started";
      case SUCCEEDED -> stack + " deployed";
      case NO_CHANGES -> stack + " unchanged";
      case FAILED -> stack + " deployment failed";
      case REJECTED -> stack + " deployment rejected";
      case APPROVAL_REQUESTED -> stack + " deployment waits for approval";
      case CANCELLED -> stack + " deployment cancelled";
      case STACK_NEEDS_ATTENTION -> stack + " needs attention: " + status(event.stackStatus());
      case DRIFT_DETECTED -> stack + " has drifted from its template";
      case DRIFT_RESOLVED -> stack + " matches its template again";
      case DRIFT_SCAN_SUMMARY -> "drift scan finished";
      case COST_ANOMALY -> stack + " cost anomaly";
      case COST_TAG_INACTIVE -> "cost allocation tag not activated: no cost per stack";
      case BUDGET_ALERT -> stack + " budget alert";
    };
  }

  private static List<String> fields(DeploymentEvent event) {
    if (event.aboutStack()) {
      return stackStatusFields(event);
    }
    List<String> fields = new ArrayList<>();
    fields.add("*Stack*\n" + escape(orUnknown(event.stackName())));
    fields.add(
        "*Account / region*\n"
            + escape(orUnknown(event.account()))
            + " / "
            + escape(orUnknown(event.region())));
    if (event.source() != null) {
      fields.add("*Source*\n" + escape(event.source()));
    }
    if (event.requester() != null) {
      fields.add("*Requested by*\n" + escape(event.requester()));
    }
    fields.add("*Deployment*\n`" + escape(orUnknown(event.deploymentId())) + "`");
    if (event.changeSummary() != null) {
      fields.add("*Changes*\n" + changes(event.changeSummary()));
    }
    if (event.durationMillis() != null) {
      fields.add("*Duration*\n" + duration(event.durationMillis()));
    }
    return fields; // at most 7: Slack allows 10 fields per section
  }

  /**
   * Links to the deployment's and the stack's console pages, where a console URL is set and the
   * event names them; null otherwise. Names and ids are percent-encoded into the path, so that no
   * value can end the link or add one.
   */
  String consoleLinks(DeploymentEvent event) {
    if (consoleBaseUrl == null) {
      return null;
    }
    List<String> links = new ArrayList<>();
    if (event.deploymentId() != null && !event.deploymentId().isBlank()) {
      links.add(
          "<" + consoleBaseUrl + "/console/deployments/" + pathSegment(event.deploymentId())
              + "|Open the deployment in the fogbank console>");
    }
    if (event.stackName() != null && !event.stackName().isBlank()) {
      links.add(
          "<" + consoleBaseUrl + "/console/stacks/" + pathSegment(event.stackName())
              + "|Open stack " + escape(cut(event.stackName(), 128)) + ">");
    }
    return links.isEmpty() ? null : String.join(" · ", links);
  }

  private static String pathSegment(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("*", "%2A");
  }

  // --- the change review: counts, then the riskiest changes ------------------------------------

  /**
   * E.g. "*Review* risk *CRITICAL*, 12 changes: +5 added ~4 modified -3 removed\nCRITICAL 2 · HIGH
   * 1 · MEDIUM 4 · LOW 5", the cost estimate ("*Cost* $22.71/month ($272.52/year), +$14.71/month
   * (+183.9%)"), then one line per riskiest change and "…and 7 more".
   */
  static String reviewText(ReviewDigest review) {
    StringBuilder text = new StringBuilder("*Review* risk *");
    text.append(review.riskLevel() == null ? "(unknown)" : review.riskLevel().name())
        .append("*, ")
        .append(review.changeCount())
        .append(review.changeCount() == 1 ? " change: " : " changes: ")
        .append(actionCounts(review.countsByAction()))
        .append('\n')
        .append(riskCounts(review.countsByRisk()));
    if (review.cost() != null) {
      text.append("\n*Cost* ").append(escape(cut(review.cost().summary(), REASON_MAX)));
    }
    if (!review.riskiest().isEmpty()) {
      text.append("\n*Riskiest changes*");
      for (ReviewedChange change : review.riskiest()) {
        text.append("\n• ").append(changeLine(change));
      }
      if (review.notShown() > 0) {
        text.append("\n…and ").append(review.notShown()).append(" more");
      }
    }
    return text.toString();
  }

  /** "+5 added ~4 modified -3 removed", then imports and dynamic changes when there are any. */
  private static String actionCounts(Map<String, Integer> byAction) {
    StringBuilder text =
        new StringBuilder()
            .append('+')
            .append(byAction.getOrDefault("Add", 0))
            .append(" added ~")
            .append(byAction.getOrDefault("Modify", 0))
            .append(" modified -")
            .append(byAction.getOrDefault("Remove", 0))
            .append(" removed");
    int imports = byAction.getOrDefault("Import", 0);
    if (imports > 0) {
      text.append(", ").append(imports).append(" imported");
    }
    int dynamic = byAction.getOrDefault("Dynamic", 0);
    if (dynamic > 0) {
      text.append(", ").append(dynamic).append(" dynamic");
    }
    return text.toString();
  }

  /** "CRITICAL 2 · HIGH 1 · LOW 5": every level with changes, worst first. */
  private static String riskCounts(Map<Severity, Integer> byRisk) {
    List<String> counts = new ArrayList<>();
    for (Severity level : Severity.values()) {
      int n = byRisk.getOrDefault(level, 0);
      if (n > 0) {
        counts.add(level.name() + " " + n);
      }
    }
    return counts.isEmpty() ? "no risk counted" : String.join(" · ", counts);
  }

  /** "*CRITICAL* Modify `Orders` AWS::DynamoDB::Table · Replacement: True — the reason". */
  private static String changeLine(ReviewedChange change) {
    StringBuilder line = new StringBuilder();
    line.append('*')
        .append(change.risk() == null ? "(unknown)" : change.risk().name())
        .append("* ")
        .append(escape(orUnknown(change.action())))
        .append(" `")
        .append(escape(orUnknown(change.logicalId())))
        .append("` ")
        .append(escape(orUnknown(change.resourceType())));
    if (change.replacement() != null) {
      line.append(" · Replacement: ").append(change.replacement().word());
    }
    if (change.reason() != null && !change.reason().isBlank()) {
      line.append(" — ").append(escape(cut(change.reason(), REASON_MAX)));
    }
    return line.toString();
  }

  /** The API routes and CLI commands that approve or reject this deployment. */
  /**
   * Approve and Reject buttons: Slack posts the press to {@code POST /slack/actions} (the app's
   * Interactivity request URL), each button's value the deployment id ({@link SlackAction}).
   */
  private static void addDecisionButtons(ArrayNode blocks, String deploymentId) {
    ObjectNode actions =
        blocks.addObject().put("type", "actions").put("block_id", "fogbank_decision");
    ArrayNode elements = actions.putArray("elements");
    button(elements, SlackAction.APPROVE, "Approve", "primary", deploymentId);
    ObjectNode reject = button(elements, SlackAction.REJECT, "Reject", "danger", deploymentId);
    ObjectNode confirm = reject.putObject("confirm");
    confirm.putObject("title").put("type", "plain_text").put("text", "Reject this deployment?");
    confirm
        .putObject("text")
        .put("type", "plain_text")
        .put("text", "The change set is deleted and the deployment ends CANCELLED.");
    confirm.putObject("confirm").put("type", "plain_text").put("text", "Reject");
    confirm.putObject("deny").put("type", "plain_text").put("text", "Keep waiting");
  }

  private static ObjectNode button(
      ArrayNode elements, String actionId, String label, String style, String deploymentId) {
    ObjectNode button = elements.addObject().put("type", "button").put("action_id", actionId);
    button.putObject("text").put("type", "plain_text").put("text", label);
    return button.put("style", style).put("value", deploymentId);
  }

  static String howToDecide(String deploymentId) {
    String id = escape(deploymentId);
    return "*Approve or reject*\n"
        + "Approve: `fogbank approve "
        + id
        + "` or `POST /deployments/"
        + id
        + "/approve`\n"
        + "Reject: `fogbank reject "
        + id
        + " --reason \"…\"` or `POST /deployments/"
        + id
        + "/reject` with `{\"reason\": \"…\"}`";
  }

  private static void addSection(ArrayNode blocks, String mrkdwn) {
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", cut(mrkdwn, SECTION_MAX));
  }

  static String emoji(DeploymentEvent.Kind kind) {
    return switch (kind) {
      case STARTED -> ":rocket:";
      case SUCCEEDED -> ":white_check_mark:";
      case NO_CHANGES -> ":zzz:";
      case FAILED -> ":x:";
      case REJECTED -> ":no_entry:";
      case APPROVAL_REQUESTED -> ":raised_hand:";
      case CANCELLED -> ":octagonal_sign:";
      case STACK_NEEDS_ATTENTION -> ":rotating_light:";
      case DRIFT_DETECTED -> ":warning:";
      case DRIFT_RESOLVED -> ":white_check_mark:";
      case DRIFT_SCAN_SUMMARY -> ":mag:";
      case COST_ANOMALY -> ":money_with_wings:";
      case COST_TAG_INACTIVE -> ":label:";
      case BUDGET_ALERT -> ":money_with_wings:";
    };
  }

  // --- STACK_NEEDS_ATTENTION: a CloudFormation status change, not a fogbank deployment ---------

  /**
   * E.g. ":rotating_light: orders needs attention: UPDATE_ROLLBACK_FAILED — The following
   * resource(s) failed to update: [Queue]. (account 123456789012, eu-west-1)".
   */
  private static String stackStatusText(DeploymentEvent event) {
    DeploymentEvent.StackStatus status = event.stackStatus();
    StringBuilder text = new StringBuilder(emoji(event.kind())).append(' ');
    text.append(escape(orUnknown(event.stackName())))
        .append(" needs attention: ")
        .append(escape(status(status)));
    String reason = status == null ? null : status.reason();
    if (reason != null && !reason.isBlank()) {
      text.append(" — ").append(escape(cut(reason, TEXT_ERROR_MAX)));
    }
    text.append(" (account ")
        .append(escape(orUnknown(event.account())))
        .append(", ")
        .append(escape(orUnknown(event.region())))
        .append(')');
    return text.toString();
  }

  /**
   * E.g. ":warning: orders has drifted from its template — 2 resources differ from the template:
   * Queue (MODIFIED), Topic (DELETED) (account 123456789012, eu-west-1)".
   */
  private static String driftText(DeploymentEvent event) {
    DeploymentEvent.StackStatus drift = event.stackStatus();
    StringBuilder text = new StringBuilder(emoji(event.kind())).append(' ');
    if (event.kind() == DeploymentEvent.Kind.DRIFT_SCAN_SUMMARY) {
      text.append("drift scan finished");
    } else if (event.kind() == DeploymentEvent.Kind.COST_TAG_INACTIVE) {
      text.append("cost allocation tag not activated");
    } else {
      text.append(escape(orUnknown(event.stackName())))
          .append(
              switch (event.kind()) {
                case COST_ANOMALY -> " cost anomaly";
                case DRIFT_RESOLVED -> " matches its template again";
                default -> " has drifted from its template";
              });
    }
    String reason = drift == null ? null : drift.reason();
    if (reason != null && !reason.isBlank()) {
      text.append(" — ").append(escape(cut(reason, TEXT_ERROR_MAX)));
    }
    text.append(" (account ")
        .append(escape(orUnknown(event.account())))
        .append(", ")
        .append(escape(orUnknown(event.region())))
        .append(')');
    return text.toString();
  }

  private static List<String> stackStatusFields(DeploymentEvent event) {
    List<String> fields = new ArrayList<>();
    fields.add("*Stack*\n" + escape(orUnknown(event.stackName())));
    fields.add(
        "*Account / region*\n"
            + escape(orUnknown(event.account()))
            + " / "
            + escape(orUnknown(event.region())));
    fields.add("*Status*\n`" + escape(status(event.stackStatus())) + "`");
    return fields;
  }

  /** Reason, what to do, and the console link, each only when known. */
  private static void addStackStatus(
      ArrayNode blocks, DeploymentEvent.Kind kind, DeploymentEvent.StackStatus status) {
    if (status == null) {
      return;
    }
    StringBuilder text = new StringBuilder();
    String reason = status.reason();
    boolean drift = kind == DeploymentEvent.Kind.DRIFT_DETECTED;
    text.append(drift ? "*Drift*\n" : "*Reason*\n")
        .append(
            reason == null || reason.isBlank() ? "CloudFormation gave no reason" : escape(reason));
    if (status.nextStep() != null && !status.nextStep().isBlank()) {
      text.append("\n*What to do*\n").append(escape(status.nextStep()));
    }
    String link = consoleLink(status.consoleUrl());
    if (link != null) {
      text.append("\n").append(link);
    }
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", cut(text.toString(), SECTION_MAX));
  }

  /**
   * A mrkdwn link to the console. Only an https URL without Slack's control characters becomes a
   * link ({@code <url|label>} cannot escape them); anything else is left out rather than trusted.
   */
  static String consoleLink(String url) {
    if (url == null || !url.startsWith("https://") || !url.matches("[\\x21-\\x7e]+")) {
      return null;
    }
    if (url.contains("<") || url.contains(">") || url.contains("|") || url.contains("&")) {
      return null;
    }
    return "<" + url + "|Open the stack in the CloudFormation console>";
  }

  private static String status(DeploymentEvent.StackStatus status) {
    return status == null ? "(unknown status)" : orUnknown(status.status());
  }

  static String changes(ChangeSummary summary) {
    return summary.adds()
        + " added, "
        + summary.modifies()
        + " modified, "
        + summary.removes()
        + " removed";
  }

  /** "850 ms", "3.2 s", "2 min 5 s", "1 h 3 min". */
  static String duration(long millis) {
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + (seconds % 3600) / 60 + " min";
  }

  /** Slack's three control characters in mrkdwn: &, < and >. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String orUnknown(String s) {
    return s == null || s.isBlank() ? "(unknown)" : s;
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
