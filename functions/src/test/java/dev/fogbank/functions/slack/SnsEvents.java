package dev.fogbank.functions.slack;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;

/**
 * SNS notification events from {@code src/test/resources/events}, bound to the Lambda {@link
 * SNSEvent} type field by field (its Timestamp is a joda DateTime, which plain Jackson cannot
 * bind); the JSON file stays the source of truth.
 */
final class SnsEvents {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SnsEvents() {}

  static JsonNode load(String name) {
    try (InputStream in = SnsEvents.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture events/" + name);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SNSEvent bind(JsonNode event) {
    List<SNSEvent.SNSRecord> records = new ArrayList<>();
    for (JsonNode r : event.path("Records")) {
      JsonNode sns = r.path("Sns");
      Map<String, SNSEvent.MessageAttribute> attributes = new LinkedHashMap<>();
      sns.path("MessageAttributes")
          .properties()
          .forEach(
              a ->
                  attributes.put(
                      a.getKey(),
                      new SNSEvent.MessageAttribute()
                          .withType(a.getValue().path("Type").asText())
                          .withValue(a.getValue().path("Value").asText())));
      records.add(
          new SNSEvent.SNSRecord()
              .withEventVersion(r.path("EventVersion").asText())
              .withEventSubscriptionArn(r.path("EventSubscriptionArn").asText())
              .withEventSource(r.path("EventSource").asText())
              .withSns(
                  new SNSEvent.SNS()
                      .withSignatureVersion(sns.path("SignatureVersion").asText())
                      .withTimestamp(DateTime.parse(sns.path("Timestamp").asText()))
                      .withSignature(sns.path("Signature").asText())
                      .withSigningCertUrl(sns.path("SigningCertUrl").asText())
                      .withMessageId(sns.path("MessageId").asText())
                      .withMessage(sns.path("Message").asText())
                      .withMessageAttributes(attributes)
                      .withType(sns.path("Type").asText())
                      .withUnsubscribeUrl(sns.path("UnsubscribeUrl").asText())
                      .withTopicArn(sns.path("TopicArn").asText())
                      .withSubject(sns.path("Subject").asText())));
    }
    return new SNSEvent().withRecords(records);
  }

  /** The Budgets fixture with its message replaced by {@code message}. */
  static JsonNode withMessage(String message) {
    JsonNode event = load("sns-budgets-notification.json");
    ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("Records").path(0).path("Sns"))
        .put("Message", message);
    return event;
  }
}
