package dev.fogbank.shared.lock;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.table.ControlTable;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps a {@link StackLock} to and from its item in the control table. Public for the readers that
 * scan lock items with others (the console's stack overview).
 */
public final class LockItemTranslator {
  public static final String LOCK_SK = "LOCK";
  static final String OWNER = "owner";
  static final String DEPLOYMENT_ID = "deploymentId";
  static final String ACQUIRED_AT = "acquiredAt";
  static final String EXPIRES_AT = "expiresAt";
  static final String WAIT_TOKEN = "waitToken";
  static final String REASON = "reason";

  /** The expiry as a number, so the condition expression can compare it with "now". */
  static final String EXPIRES_AT_MILLIS = "expiresAtMillis";

  static final String ACCOUNT = "account";
  static final String REGION = "region";
  static final String STACK_NAME = "stackName";

  /**
   * DynamoDB deletes expired items only eventually (typically within days), and the condition
   * already treats an expired lock as free; the grace day keeps an expired lock readable for
   * operators who ask why a deployment lost its stack.
   */
  static final Duration TTL_GRACE = Duration.ofDays(1);

  private LockItemTranslator() {}

  static Map<String, AttributeValue> key(StackRef stack) {
    return Map.of(
        ControlTable.PK, s(stack.partitionKey()),
        ControlTable.SK, s(LOCK_SK));
  }

  static Map<String, AttributeValue> toItem(StackLock lock) {
    Map<String, AttributeValue> item = new HashMap<>(key(lock.stack()));
    item.put(OWNER, s(lock.owner()));
    item.put(DEPLOYMENT_ID, s(lock.deploymentId()));
    item.put(ACQUIRED_AT, s(lock.acquiredAt().toString()));
    item.put(EXPIRES_AT, s(lock.expiresAt().toString()));
    item.put(EXPIRES_AT_MILLIS, n(lock.expiresAt().toEpochMilli()));
    item.put(ControlTable.TTL, n(lock.expiresAt().plus(TTL_GRACE).getEpochSecond()));
    if (lock.reason() != null) {
      item.put(REASON, s(lock.reason()));
    }
    item.put(ACCOUNT, s(lock.stack().account()));
    item.put(REGION, s(lock.stack().region()));
    item.put(STACK_NAME, s(lock.stack().name()));
    return item;
  }

  /** The lock in an item read for {@code stack}; an unreadable item is a bug, not "no lock". */
  public static StackLock fromItem(StackRef stack, Map<String, AttributeValue> item) {
    return new StackLock(
        stack,
        string(stack, item, OWNER),
        string(stack, item, DEPLOYMENT_ID),
        instant(stack, item, ACQUIRED_AT),
        instant(stack, item, EXPIRES_AT),
        item.containsKey(WAIT_TOKEN) ? item.get(WAIT_TOKEN).s() : null,
        item.containsKey(REASON) ? item.get(REASON).s() : null);
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static String string(StackRef stack, Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null || value.s() == null) {
      throw unreadable(stack, name, null);
    }
    return value.s();
  }

  private static Instant instant(StackRef stack, Map<String, AttributeValue> item, String name) {
    try {
      return Instant.parse(string(stack, item, name));
    } catch (DateTimeParseException e) {
      throw unreadable(stack, name, e);
    }
  }

  private static DeploymentException unreadable(StackRef stack, String attribute, Exception e) {
    return new DeploymentException(
        ErrorCode.INTERNAL,
        "the lock item of stack "
            + stack.partitionKey()
            + " is unreadable: attribute '"
            + attribute
            + "' is missing or malformed",
        e);
  }
}
