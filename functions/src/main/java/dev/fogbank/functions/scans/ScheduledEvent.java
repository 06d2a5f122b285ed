package dev.fogbank.functions.scans;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.cost.CostScan;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a scan function logs of the EventBridge "Scheduled Event" that invoked it: the event id, its
 * time and the rule. The scans do not depend on its content, so input that is not such an event is
 * logged as unreadable and the scan still runs (a manual test invoke with {@code {}} works too).
 */
final class ScheduledEvent {
  private static final int MAX_BYTES = 256 * 1024; // Lambda's asynchronous payload limit

  private ScheduledEvent() {}

  static Map<String, Object> describe(InputStream in) {
    Map<String, Object> fields = new LinkedHashMap<>();
    try {
      byte[] bytes = in.readNBytes(MAX_BYTES);
      JsonNode event = Json.mapper().readTree(bytes);
      if (event == null || !event.isObject()) {
        fields.put("trigger", "unreadable");
        return fields;
      }
      fields.put("trigger", text(event, "detail-type", text(event, "trigger", "manual")));
      // POST /cost-scans queues {"trigger":"api","scanId":...,"days":...}: run under that id.
      String scanId = text(event, "scanId", null);
      if (scanId != null && scanId.matches(CostScan.SCAN_ID_PATTERN)) {
        fields.put("requestedScanId", scanId);
      }
      JsonNode days = event.get("days");
      if (days != null && days.canConvertToInt() && days.isIntegralNumber()) {
        fields.put("requestedDays", days.asInt());
      }
      fields.put("eventId", text(event, "id", null));
      fields.put("eventTime", text(event, "time", null));
      JsonNode resources = event.path("resources");
      if (resources.isArray() && !resources.isEmpty()) {
        fields.put("rule", resources.get(0).asText());
      }
    } catch (IOException e) {
      fields.put("trigger", "unreadable");
    }
    return fields;
  }

  private static String text(JsonNode event, String field, String fallback) {
    JsonNode value = event.get(field);
    return value == null || !value.isTextual() ? fallback : value.asText();
  }
}
