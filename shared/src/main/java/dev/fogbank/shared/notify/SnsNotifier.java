package dev.fogbank.shared.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.metrics.Metric;
import dev.fogbank.shared.metrics.Metrics;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes each deployment event to the control plane's topic; the slack function (an SNS
 * subscriber) renders and delivers it. The SDK retries throttling; a final failure is logged, never
 * thrown.
 */
public final class SnsNotifier implements Notifier {
  private final SnsClient sns;
  private final String topicArn;

  public SnsNotifier(SnsClient sns, String topicArn) {
    this.sns = sns;
    this.topicArn = topicArn;
  }

  @Override
  public void notify(DeploymentEvent event) {
    tryNotify(event);
  }

  /** True when SNS accepted the message, or no topic is configured (nothing to deliver to). */
  @Override
  public boolean tryNotify(DeploymentEvent event) {
    if (topicArn == null) {
      return true;
    }
    try {
      String message = Json.mapper().writeValueAsString(event);
      sns.publish(
          b ->
              b.topicArn(topicArn)
                  .subject(subject(event))
                  .message(message)
                  .messageAttributes(attributes(event)));
      return true;
    } catch (SdkException e) {
      // The log says whether SNS was down (AWS_UNAVAILABLE) or refused the message (a missing
      // topic or permission: INTERNAL), with AWS's own reason for a refusal.
      DeploymentException failure =
          AwsFailures.failure("SNS Publish to " + topicArn, e, ErrorCode.INTERNAL);
      warn(event, failure.code().name(), failure.getMessage());
      return false;
    } catch (JsonProcessingException e) {
      warn(event, ErrorCode.INTERNAL.name(), "the event could not be serialised");
      return false;
    }
  }

  private static void warn(DeploymentEvent event, String code, String error) {
    // Map.of refuses nulls, and a stack event has no deployment id.
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("deploymentId", event.deploymentId());
    fields.put("stack", event.stackName());
    fields.put("kind", event.kind().name());
    fields.put("code", code);
    fields.put("error", error);
    StructuredLog.warn("notify_failed", fields);
    Metrics.current()
        .count(Metric.NOTIFICATION_FAILURES, "sns",
            Metrics.about(event.deploymentId(), event.stackName()));
  }

  /**
   * For subscription filter policies: {@code type} (the event kind), {@code severity} and, for an
   * event about one stack, {@code stack}. {@code kind} repeats {@code type} for filters written
   * before it.
   */
  static Map<String, MessageAttributeValue> attributes(DeploymentEvent event) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attributes.put("type", text(event.kind().name()));
    attributes.put("kind", text(event.kind().name()));
    attributes.put("severity", text(event.severity().name()));
    if (event.stackName() != null && !event.stackName().isEmpty()) {
      attributes.put("stack", text(event.stackName()));
    }
    return attributes;
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  /** SNS subjects are at most 100 printable ASCII characters. */
  private static String subject(DeploymentEvent event) {
    String s =
        ("fogbank " + event.kind() + " " + event.stackName()).replaceAll("[^\\x20-\\x7e]", "?");
    return s.length() > 100 ? s.substring(0, 100) : s;
  }
}
