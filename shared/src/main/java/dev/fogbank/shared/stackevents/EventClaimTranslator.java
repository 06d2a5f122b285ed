package dev.fogbank.shared.stackevents;

import dev.fogbank.shared.table.ControlTable;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps an {@link EventClaim} to its item in the control table: {@code pk = sk = EVENT#<id>}. */
final class EventClaimTranslator {
  static final String KEY_PREFIX = "EVENT#";
  static final String EVENT_ID = "eventId";
  static final String DESCRIPTION = "description";
  static final String CLAIMED_AT = "claimedAt";

  private EventClaimTranslator() {}

  static String keyOf(String eventId) {
    return KEY_PREFIX + eventId;
  }

  static Map<String, AttributeValue> key(String eventId) {
    AttributeValue key = AttributeValue.fromS(keyOf(eventId));
    return Map.of(ControlTable.PK, key, ControlTable.SK, key);
  }

  static Map<String, AttributeValue> toItem(EventClaim claim) {
    Map<String, AttributeValue> item = new HashMap<>(key(claim.eventId()));
    item.put(EVENT_ID, AttributeValue.fromS(claim.eventId()));
    item.put(DESCRIPTION, AttributeValue.fromS(claim.description()));
    item.put(CLAIMED_AT, AttributeValue.fromS(claim.claimedAt().toString()));
    item.put(
        ControlTable.TTL, AttributeValue.fromN(Long.toString(claim.expiresAt().getEpochSecond())));
    return item;
  }
}
