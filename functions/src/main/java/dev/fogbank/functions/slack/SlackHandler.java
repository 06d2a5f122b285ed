package dev.fogbank.functions.slack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.fogbank.functions.wiring.SlackWiring;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.BudgetAlertRenderer;
import dev.fogbank.shared.notify.BudgetNotification;
import dev.fogbank.shared.notify.Notifier;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * SNS subscriber: each deployment event on the topic becomes a Slack message, and so does each
 * alert AWS Budgets publishes there for a stack's budget.
 */
public final class SlackHandler implements RequestHandler<SNSEvent, Integer> {
  private final Notifier slack;
  private final Consumer<String> payloads;
  private final BudgetAlertRenderer budgetAlerts = new BudgetAlertRenderer();

  public SlackHandler() {
    this(SlackWiring.notifier(), SlackWiring.payloads());
  }

  /** Without Budgets alerts (they are logged as unreadable). */
  public SlackHandler(Notifier slack) {
    this(slack, null);
  }

  /**
   * {@code payloads} posts an already rendered Slack message: AWS Budgets' own alerts, published
   * to the same topic as plain text, become one (null: not posted).
   */
  public SlackHandler(Notifier slack, Consumer<String> payloads) {
    this.slack = slack;
    this.payloads = payloads;
  }

  /** Returns how many events were delivered (handed to the notifier). */
  @Override
  public Integer handleRequest(SNSEvent event, Context context) {
    int delivered = 0;
    if (event == null || event.getRecords() == null) {
      return delivered;
    }
    for (SNSEvent.SNSRecord record : event.getRecords()) {
      String message = record.getSNS() == null ? null : record.getSNS().getMessage();
      Optional<BudgetNotification> budget =
          payloads == null ? Optional.empty() : BudgetNotification.parse(message);
      if (budget.isPresent()) {
        payloads.accept(budgetAlerts.render(budget.get()));
        delivered++;
        continue;
      }
      try {
        DeploymentEvent parsed = Json.mapper().readValue(message, DeploymentEvent.class);
        if (parsed == null || parsed.kind() == null) {
          // A CloudWatch alarm on the same topic (docs/operations.md): not a fogbank event.
          throw new IllegalArgumentException("not a fogbank event (no kind)");
        }
        slack.notify(parsed);
        delivered++;
      } catch (IOException | IllegalArgumentException e) {
        // A message that is not ours cannot become one by retrying: log and move on.
        StructuredLog.warn(
            "slack_unreadable_event",
            Map.of("messageId", String.valueOf(record.getSNS().getMessageId())));
      }
    }
    return delivered;
  }
}
