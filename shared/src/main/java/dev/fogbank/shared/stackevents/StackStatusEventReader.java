package dev.fogbank.shared.stackevents;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads EventBridge's "CloudFormation Stack Status Change" event, in the shape AWS documents
 * (CloudFormation User Guide, "Stack Status Change event detail"):
 *
 * <pre>
 * {"version": "0", "id": "...", "detail-type": "CloudFormation Stack Status Change",
 *  "source": "aws.cloudformation", "account": "...", "time": "...", "region": "...",
 *  "resources": ["arn:aws:cloudformation:...:stack/name/uuid"],
 *  "detail": {"stack-id": "...", "status-details": {"status": "...", "status-reason": "..."},
 *             "client-request-token": "..."}}
 * </pre>
 *
 * Everything in it is untrusted: each field used is checked, and a value quoted in an error is cut
 * short.
 */
public final class StackStatusEventReader {
  public static final String DETAIL_TYPE = "CloudFormation Stack Status Change";
  public static final String SOURCE = "aws.cloudformation";

  /** EventBridge's ids are UUIDs; the bound keeps the claim key well inside DynamoDB's limits. */
  static final int MAX_EVENT_ID = 256;

  private static final int QUOTE_MAX = 120;
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");
  private static final Pattern STATUS = Pattern.compile("[A-Z][A-Z_]{0,63}");

  /**
   * {@code arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>}; AWS's own
   * documented example leaves out the {@code /<uuid>}, so it is optional here. Stack names: a
   * letter, then letters, digits and hyphens, at most 128 characters.
   */
  private static final Pattern STACK_ARN =
      Pattern.compile(
          "arn:(aws[a-z-]{0,20}):cloudformation:[a-z0-9-]{1,32}:\\d{12}:stack/"
              + "([A-Za-z][A-Za-z0-9-]{0,127})(/[A-Za-z0-9-]{1,64})?");

  private StackStatusEventReader() {}

  /** Reads one event from its JSON bytes (a Lambda stream handler's input). */
  public static StackStatusEvent read(InputStream json) {
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(json);
    } catch (JacksonException e) {
      throw invalid("the input is not JSON");
    } catch (IOException e) {
      throw invalid("the input could not be read");
    }
    return read(tree);
  }

  /** Reads one event from its JSON tree. */
  public static StackStatusEvent read(JsonNode event) {
    if (event == null || event.isMissingNode() || event.isNull()) {
      throw invalid("the input is empty");
    }
    if (!event.isObject()) {
      throw invalid("the input is JSON but not an object");
    }
    String detailType = text(event, "detail-type");
    if (!DETAIL_TYPE.equals(detailType)) {
      throw invalid("detail-type is " + quote(detailType) + ", expected '" + DETAIL_TYPE + "'");
    }
    String source = text(event, "source");
    if (!SOURCE.equals(source)) {
      throw invalid("source is " + quote(source) + ", expected '" + SOURCE + "'");
    }
    String eventId = required(event, "id", "id");
    if (eventId.length() > MAX_EVENT_ID || !eventId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw invalid("id " + quote(eventId) + " is not an EventBridge event id");
    }
    Instant time = instant(required(event, "time", "time"));
    String account = matching(event, "account", "account", ACCOUNT, "a 12-digit account id");
    String region = matching(event, "region", "region", REGION, "an AWS region");

    JsonNode detail = event.path("detail");
    String stackId = required(detail, "stack-id", "detail.stack-id");
    Matcher arn = STACK_ARN.matcher(stackId);
    if (!arn.matches()) {
      throw invalid("detail.stack-id " + quote(stackId) + " is not a CloudFormation stack ARN");
    }
    JsonNode statusDetails = detail.path("status-details");
    String status =
        matching(
            statusDetails,
            "status",
            "detail.status-details.status",
            STATUS,
            "a CloudFormation stack status");
    String reason = text(statusDetails, "status-reason");
    return new StackStatusEvent(
        eventId,
        time,
        account,
        region,
        stackId,
        arn.group(1),
        arn.group(2),
        status,
        reason == null ? "" : reason);
  }

  private static String matching(
      JsonNode node, String field, String path, Pattern pattern, String what) {
    String value = required(node, field, path);
    if (!pattern.matcher(value).matches()) {
      throw invalid(path + " " + quote(value) + " is not " + what);
    }
    return value;
  }

  private static String required(JsonNode node, String field, String path) {
    String value = text(node, field);
    if (value == null || value.isBlank()) {
      throw invalid("field '" + path + "' is missing or empty");
    }
    return value;
  }

  /** The field's text; null when absent, null or not a string. */
  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : null;
  }

  private static Instant instant(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw invalid("time " + quote(value) + " is not an ISO-8601 UTC timestamp");
    }
  }

  private static String quote(String value) {
    if (value == null) {
      return "missing";
    }
    String shown = value.length() <= QUOTE_MAX ? value : value.substring(0, QUOTE_MAX) + "…";
    return "'" + shown + "'";
  }

  private static InvalidStackEventException invalid(String why) {
    return new InvalidStackEventException(
        "not a usable CloudFormation Stack Status Change event: " + why);
  }
}
