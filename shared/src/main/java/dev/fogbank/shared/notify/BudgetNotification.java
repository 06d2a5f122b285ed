package dev.fogbank.shared.notify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What AWS Budgets publishes to the topic when a budget passes an alert threshold: plain text, not
 * fogbank's JSON. Its first line is {@code AWS Budget Notification <date>}, the second {@code AWS
 * Account <id>}, then a sentence and {@code Key: Value} lines ({@code Budget Name}, {@code Budget
 * Type}, {@code Budgeted Amount}, {@code Alert Type}, {@code Alert Threshold}, {@code ACTUAL
 * Amount} or {@code FORECASTED Amount}). Only the budget name is required: AWS may reword the
 * rest, so a missing line shows as unknown and the sentence is kept as it came.
 *
 * @param stackName the stack a fogbank budget ({@code fogbank-<region>-<stack>}) is for; null for
 *     another budget, or a name shortened with a digest
 * @param region the region of a fogbank budget's stack; null otherwise
 */
public record BudgetNotification(
    String account,
    String budgetName,
    String stackName,
    String region,
    String budgetedAmount,
    String alertType,
    String threshold,
    String amount,
    String sentence) {

  static final String FIRST_LINE = "AWS Budget Notification";
  private static final Pattern FIELD = Pattern.compile("^([A-Za-z ]{3,40}): (.*)$");
  private static final Pattern FOGBANK =
      Pattern.compile("^fogbank-([a-z]{2}(?:-[a-z]+)+-\\d+)-([A-Za-z][-A-Za-z0-9]*)$");

  /** The notification in {@code message}; empty when it is not one of Budgets' messages. */
  public static Optional<BudgetNotification> parse(String message) {
    if (message == null || !message.stripLeading().startsWith(FIRST_LINE)) {
      return Optional.empty();
    }
    Map<String, String> fields = new LinkedHashMap<>();
    String account = null;
    String sentence = null;
    for (String raw : message.split("\\R")) {
      String line = raw.strip();
      if (line.startsWith("AWS Account ")) {
        account = line.substring("AWS Account ".length()).strip();
      } else if (line.startsWith("You requested")) {
        sentence = line;
      } else {
        Matcher m = FIELD.matcher(line);
        if (m.matches()) {
          fields.putIfAbsent(m.group(1).strip(), m.group(2).strip());
        }
      }
    }
    String name = fields.get("Budget Name");
    if (name == null || name.isEmpty()) {
      return Optional.empty();
    }
    String alertType = fields.get("Alert Type");
    Matcher fogbank = FOGBANK.matcher(name);
    boolean ours = fogbank.matches();
    return Optional.of(
        new BudgetNotification(
            account,
            name,
            ours ? fogbank.group(2) : null,
            ours ? fogbank.group(1) : null,
            fields.get("Budgeted Amount"),
            alertType,
            fields.get("Alert Threshold"),
            alertType == null ? null : fields.get(alertType + " Amount"),
            sentence));
  }
}
