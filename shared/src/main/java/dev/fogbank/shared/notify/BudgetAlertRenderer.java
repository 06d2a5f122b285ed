package dev.fogbank.shared.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Budgets alert ({@link BudgetNotification}) as a Slack Block Kit message: a header naming the
 * stack (or the budget, for one fogbank does not keep), the amounts as fields, Budgets' own
 * sentence, and where to look next. Apart from {@link SlackMessageRenderer}, which renders
 * fogbank's own events.
 */
public final class BudgetAlertRenderer {
  static final int HEADER_MAX = 150;
  static final int TEXT_MAX = 3000;
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  public String render(BudgetNotification alert) {
    return toTree(alert).toString();
  }

  public ObjectNode toTree(BudgetNotification alert) {
    String subject =
        alert.stackName() != null ? alert.stackName() : "budget " + alert.budgetName();
    String headline =
        subject + " is over " + orUnknown(alert.threshold()) + " (" + orUnknown(alert.alertType())
            + ")";
    ObjectNode payload = JSON.createObjectNode();
    payload.put(
        "text",
        ":money_with_wings: " + escape(headline) + ": " + orUnknown(alert.amount()) + " of "
            + orUnknown(alert.budgetedAmount()) + " budgeted this month");
    ArrayNode blocks = payload.putArray("blocks");
    blocks
        .addObject()
        .put("type", "header")
        .putObject("text")
        .put("type", "plain_text")
        .put("text", cut(":money_with_wings: " + headline, HEADER_MAX))
        .put("emoji", true);
    ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
    field(fields, "Stack", alert.stackName() == null ? "not a fogbank stack" : alert.stackName());
    field(
        fields,
        "Account / region",
        orUnknown(alert.account()) + " / " + (alert.region() == null ? "any" : alert.region()));
    field(fields, orUnknown(alert.alertType()) + " cost", orUnknown(alert.amount()));
    field(fields, "Budget (month)", orUnknown(alert.budgetedAmount()));
    field(fields, "Alert threshold", orUnknown(alert.threshold()));
    field(fields, "AWS budget", alert.budgetName());
    StringBuilder text = new StringBuilder();
    if (alert.sentence() != null) {
      text.append(escape(alert.sentence())).append("\n");
    }
    text.append(
        alert.stackName() != null
            ? "Daily costs and anomalies: `GET /costs?stack=" + escape(alert.stackName()) + "`"
                + " · change the budget with `budget:` in the stack's deployment.yaml"
            : "AWS Budgets dashboard: https://console.aws.amazon.com/billing/home#/budgets");
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", cut(text.toString(), TEXT_MAX));
    return payload;
  }

  private static void field(ArrayNode fields, String name, String value) {
    fields.addObject().put("type", "mrkdwn").put("text", "*" + name + "*\n" + escape(value));
  }

  private static String orUnknown(String value) {
    return value == null || value.isBlank() ? "unknown" : value;
  }

  private static String escape(String text) {
    return SlackMessageRenderer.escape(text);
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
