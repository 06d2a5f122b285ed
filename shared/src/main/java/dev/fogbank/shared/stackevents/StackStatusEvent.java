package dev.fogbank.shared.stackevents;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * CloudFormation's "CloudFormation Stack Status Change" event, as EventBridge delivers it: a stack
 * reached {@code status}. Read by {@link StackStatusEventReader}, which checks every field.
 *
 * @param eventId EventBridge's id of the event; a redelivery carries the same id
 * @param time when the status changed (the event's {@code time})
 * @param account the stack's account (the event's {@code account})
 * @param region the stack's region (the event's {@code region})
 * @param stackId the stack's ARN ({@code detail.stack-id})
 * @param partition the ARN's partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov}, ...)
 * @param stackName the stack's name, from its ARN
 * @param status the new stack status ({@code detail.status-details.status})
 * @param statusReason CloudFormation's reason ({@code detail.status-details.status-reason}); empty
 *     when it gave none, which is common for a status that ends an operation
 */
public record StackStatusEvent(
    String eventId,
    Instant time,
    String account,
    String region,
    String stackId,
    String partition,
    String stackName,
    String status,
    String statusReason) {

  public StackStatusEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(stackId, "stackId");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(stackName, "stackName");
    Objects.requireNonNull(status, "status");
    statusReason = statusReason == null ? "" : statusReason;
  }

  /**
   * The stack's page in the CloudFormation console, for the partitions whose console host is known;
   * empty for others (isolated regions) rather than a link that leads nowhere.
   */
  public Optional<String> consoleUrl() {
    String host =
        switch (partition) {
          case "aws" -> region + ".console.aws.amazon.com";
          case "aws-cn" -> "console.amazonaws.cn";
          case "aws-us-gov" -> "console.amazonaws-us-gov.com";
          default -> null;
        };
    if (host == null) {
      return Optional.empty();
    }
    // The stack id, fully encoded, is the only parameter after the '#': the URL holds no '&',
    // so chat formats that treat '&' specially can carry it unchanged.
    return Optional.of(
        "https://"
            + host
            + "/cloudformation/home?region="
            + region
            + "#/stacks/stackinfo?stackId="
            + URLEncoder.encode(stackId, StandardCharsets.UTF_8));
  }
}
