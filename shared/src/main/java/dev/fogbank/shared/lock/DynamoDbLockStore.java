package dev.fogbank.shared.lock;

import static dev.fogbank.shared.lock.LockItemTranslator.DEPLOYMENT_ID;
import static dev.fogbank.shared.lock.LockItemTranslator.EXPIRES_AT_MILLIS;
import static dev.fogbank.shared.lock.LockItemTranslator.n;
import static dev.fogbank.shared.lock.LockItemTranslator.s;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.error.StackLockedException;
import dev.fogbank.shared.table.ControlTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * {@link LockStore} on the control table: one {@code LOCK} item per stack. Every decision is a
 * condition expression evaluated by DynamoDB, so two deployments racing for a stack cannot both
 * win, whatever their clocks say; TTL only tidies up expired items later.
 */
public final class DynamoDbLockStore implements LockStore {
  private static final String ACQUIRE_CONDITION =
      "attribute_not_exists(#pk) OR #expiresAtMillis <= :now OR #deploymentId = :deploymentId";
  private static final String RELEASE_CONDITION = "#deploymentId = :deploymentId";

  /**
   * An acquire whose condition failed reads the holder; if the holder released (or expired) in
   * between, we try again. A few rounds suffice: each round means another deployment made progress.
   */
  private static final int MAX_ACQUIRE_ROUNDS = 5;

  private final DynamoDbClient client;
  private final String tableName;
  private final Clock clock;

  public DynamoDbLockStore(DynamoDbClient client, String tableName, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.tableName = Objects.requireNonNull(tableName, "tableName");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A store on {@code tableName} that reads time from the system clock. */
  public static DynamoDbLockStore create(DynamoDbClient client, String tableName) {
    return new DynamoDbLockStore(client, tableName, Clock.systemUTC());
  }

  @Override
  public LockResult acquire(
      StackRef stack, String owner, String deploymentId, Duration ttl, String reason) {
    Objects.requireNonNull(stack, "stack");
    requireText(owner, "owner", stack);
    requireText(deploymentId, "deploymentId", stack);
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new InvalidRequestException(
          "lock duration for stack " + stack.partitionKey() + " must be positive, was " + ttl);
    }
    for (int round = 0; round < MAX_ACQUIRE_ROUNDS; round++) {
      Instant now = clock.instant();
      StackLock wanted = new StackLock(stack, owner, deploymentId, now, now.plus(ttl), null, reason);
      if (tryPut(wanted, now)) {
        return LockResult.acquired(wanted);
      }
      Optional<StackLock> holder = readAt(stack, clock.instant(), "read the holder of");
      if (holder.isPresent()) {
        return LockResult.heldBy(holder.get());
      }
    }
    throw new StackLockedException(
        "the lock of stack "
            + stack.partitionKey()
            + " changed hands "
            + MAX_ACQUIRE_ROUNDS
            + " times while deployment "
            + deploymentId
            + " tried to take it; try again");
  }

  @Override
  public boolean release(StackRef stack, String deploymentId) {
    Objects.requireNonNull(stack, "stack");
    requireText(deploymentId, "deploymentId", stack);
    try {
      client.deleteItem(
          r ->
              r.tableName(tableName)
                  .key(LockItemTranslator.key(stack))
                  .conditionExpression(RELEASE_CONDITION)
                  .expressionAttributeNames(Map.of("#deploymentId", DEPLOYMENT_ID))
                  .expressionAttributeValues(Map.of(":deploymentId", s(deploymentId))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      // Someone else holds it, or nobody does: either way not ours to release.
      return false;
    } catch (SdkException e) {
      throw ControlTable.failure(
          "could not release the lock of stack "
              + stack.partitionKey()
              + " for deployment "
              + deploymentId,
          e);
    }
  }

  @Override
  public boolean recordWait(StackRef stack, String deploymentId, String taskToken) {
    Objects.requireNonNull(stack, "stack");
    requireText(deploymentId, "deploymentId", stack);
    requireText(taskToken, "taskToken", stack);
    try {
      client.updateItem(
          r ->
              r.tableName(tableName)
                  .key(LockItemTranslator.key(stack))
                  .updateExpression("SET #waitToken = :token")
                  .conditionExpression(
                      "#deploymentId = :deploymentId AND #expiresAtMillis > :now")
                  .expressionAttributeNames(
                      Map.of(
                          "#waitToken", LockItemTranslator.WAIT_TOKEN,
                          "#deploymentId", DEPLOYMENT_ID,
                          "#expiresAtMillis", EXPIRES_AT_MILLIS))
                  .expressionAttributeValues(
                      Map.of(
                          ":token", s(taskToken),
                          ":deploymentId", s(deploymentId),
                          ":now", n(clock.instant().toEpochMilli()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw ControlTable.failure(
          "could not record the stack wait of deployment "
              + deploymentId
              + " on the lock of stack "
              + stack.partitionKey(),
          e);
    }
  }

  @Override
  public boolean renew(StackRef stack, String deploymentId, Duration ttl) {
    Objects.requireNonNull(stack, "stack");
    requireText(deploymentId, "deploymentId", stack);
    Instant until = clock.instant().plus(ttl);
    try {
      client.updateItem(
          r ->
              r.tableName(tableName)
                  .key(LockItemTranslator.key(stack))
                  .updateExpression(
                      "SET #expiresAt = :until, #expiresAtMillis = :untilMillis, #ttl = :ttl")
                  .conditionExpression(RELEASE_CONDITION)
                  .expressionAttributeNames(
                      Map.of(
                          "#expiresAt", LockItemTranslator.EXPIRES_AT,
                          "#expiresAtMillis", EXPIRES_AT_MILLIS,
                          "#ttl", ControlTable.TTL,
                          "#deploymentId", DEPLOYMENT_ID))
                  .expressionAttributeValues(
                      Map.of(
                          ":until", s(until.toString()),
                          ":untilMillis", n(until.toEpochMilli()),
                          ":ttl", n(until.plus(LockItemTranslator.TTL_GRACE).getEpochSecond()),
                          ":deploymentId", s(deploymentId))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false; // taken over by another deployment, or released
    } catch (SdkException e) {
      throw ControlTable.failure(
          "could not renew the lock of stack "
              + stack.partitionKey()
              + " for deployment "
              + deploymentId,
          e);
    }
  }

  @Override
  public Optional<StackLock> read(StackRef stack) {
    Objects.requireNonNull(stack, "stack");
    return readAt(stack, clock.instant(), "read the lock of");
  }

  @Override
  public Optional<StackLock> forceRelease(StackRef stack) {
    Objects.requireNonNull(stack, "stack");
    try {
      DeleteItemResponse response =
          client.deleteItem(
              r ->
                  r.tableName(tableName)
                      .key(LockItemTranslator.key(stack))
                      .returnValues(ReturnValue.ALL_OLD));
      // Returned even if already expired: the operator wants to see what was removed.
      return response.hasAttributes() && !response.attributes().isEmpty()
          ? Optional.of(LockItemTranslator.fromItem(stack, response.attributes()))
          : Optional.empty();
    } catch (SdkException e) {
      throw ControlTable.failure(
          "could not force-release the lock of stack " + stack.partitionKey(), e);
    }
  }

  private boolean tryPut(StackLock wanted, Instant now) {
    try {
      client.putItem(
          r ->
              r.tableName(tableName)
                  .item(LockItemTranslator.toItem(wanted))
                  .conditionExpression(ACQUIRE_CONDITION)
                  .expressionAttributeNames(
                      Map.of(
                          "#pk", ControlTable.PK,
                          "#expiresAtMillis", EXPIRES_AT_MILLIS,
                          "#deploymentId", DEPLOYMENT_ID))
                  .expressionAttributeValues(
                      Map.of(
                          ":now", n(now.toEpochMilli()),
                          ":deploymentId", s(wanted.deploymentId()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (SdkException e) {
      throw ControlTable.failure(
          "could not acquire the lock of stack "
              + wanted.stack().partitionKey()
              + " for deployment "
              + wanted.deploymentId(),
          e);
    }
  }

  private Optional<StackLock> readAt(StackRef stack, Instant now, String doing) {
    Map<String, AttributeValue> item;
    try {
      item =
          client
              .getItem(
                  r ->
                      r.tableName(tableName)
                          .key(LockItemTranslator.key(stack))
                          .consistentRead(true))
              .item();
    } catch (SdkException e) {
      throw ControlTable.failure("could not " + doing + " stack " + stack.partitionKey(), e);
    }
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    StackLock lock = LockItemTranslator.fromItem(stack, item);
    return lock.isExpiredAt(now) ? Optional.empty() : Optional.of(lock);
  }

  private static void requireText(String value, String name, StackRef stack) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(
          name + " is required to lock stack " + stack.partitionKey());
    }
  }
}
