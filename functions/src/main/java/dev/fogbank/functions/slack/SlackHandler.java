package dev.fogbank.functions.slack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.fogbank.functions.wiring.SlackWiring;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import java.io.IOException;
import java.util.Map;

/**
 * SNS subscriber: each event on the topic goes to the Slack channels routed to it ({@link
 * dev.fogbank.shared.notify.NotificationDispatcher}).
 */
public final class SlackHandler implements RequestHandler<SNSEvent, Integer> {
  private final Notifier slack;

  public SlackHandler() {
    this(SlackWiring.notifier());
  }

  public SlackHandler(Notifier slack) {
    this.slack = slack;
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
      DeploymentEvent parsed;
      try {
        parsed = Json.mapper().readValue(message, DeploymentEvent.class);
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
