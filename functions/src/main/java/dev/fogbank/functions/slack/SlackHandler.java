package dev.fogbank.functions.slack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.fogbank.functions.wiring.SlackWiring;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.notify.BudgetNotification;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * SNS subscriber: each event on the topic goes to the Slack channels routed to it ({@link
 * dev.fogbank.shared.notify.NotificationDispatcher}); so does each alert AWS Budgets publishes
 * there for a budget (plain text, read as a {@link DeploymentEvent.Kind#BUDGET_ALERT} event about
 * the budget's stack): the channels' types, stack patterns and minimum severity choose who gets
 * it, and one a channel does not get becomes a dead letter, as for every event.
 */
public final class SlackHandler implements RequestHandler<SNSEvent, Integer> {
  private final Notifier slack;
  private final Clock clock;

  public SlackHandler() {
    this(SlackWiring.notifier());
  }

  public SlackHandler(Notifier slack) {
    this(slack, Clock.systemUTC());
  }

  public SlackHandler(Notifier slack, Clock clock) {
    this.slack = slack;
    this.clock = clock;
  }

  /** Returns how many events were delivered (handed to the notifier). */
  @Override
  public Integer handleRequest(SNSEvent event, Context context) {
    int delivered = 0;
    int notKept = 0;
    if (event == null || event.getRecords() == null) {
      return delivered;
    }
    for (SNSEvent.SNSRecord record : event.getRecords()) {
      String message = record.getSNS() == null ? null : record.getSNS().getMessage();
      Optional<BudgetNotification> budget = BudgetNotification.parse(message);
      DeploymentEvent parsed;
      try {
        if (budget.isPresent()) {
          parsed = DeploymentEvent.budgetAlert(budget.get(), message, clock.instant());
        } else {
          parsed = Json.mapper().readValue(message, DeploymentEvent.class);
          if (parsed == null || parsed.kind() == null) {
            // A CloudWatch alarm on the same topic (docs/operations.md): not a fogbank event.
            throw new IllegalArgumentException("not a fogbank event (no kind)");
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        // A message that is not ours cannot become one by retrying: log and move on.
        StructuredLog.warn(
            "slack_unreadable_event",
            Map.of("messageId", String.valueOf(record.getSNS().getMessageId())));
        continue;
      }
      // Delivered, or kept as a dead letter: handed over. Not even kept (the table unreachable):
      // the invocation fails below so that Lambda's async retry brings the event back.
      if (slack.tryNotify(parsed)) {
        delivered++;
      } else {
        notKept++;
      }
    }
    if (notKept > 0) {
      throw new IllegalStateException(
          notKept + " notification(s) could be neither delivered nor kept; retried by Lambda");
    }
    return delivered;
  }
}
