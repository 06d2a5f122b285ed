package dev.fogbank.shared.cost;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A {@link BudgetStore} that remembers, on a {@code BUDGET} item beside the stack's lock, whether
 * fogbank keeps a budget for the stack: a deployment that asks for none of a stack that has none
 * then costs one table read instead of a Budgets DeleteBudget call on every deployment. A stack
 * with no such item yet (deployed before it existed) is asked of Budgets once, as before.
 *
 * <p>{@link #soleWriter} also keeps what it read or wrote in memory, for a process that is the only
 * writer of these items (the local runtime, which owns its data dir): a deployment then reads the
 * item once per stack and process, not once per deployment. In AWS each function instance is one
 * writer among many, so it reads the table every time.
 */
public final class RememberedBudgets implements BudgetStore {
  static final String BUDGET_SK = "BUDGET";
  static final String KEPT = "kept";

  private final BudgetStore budgets;
  private final DynamoDbClient table;
  private final String tableName;
  /** What was read or written, by stack; null when other writers may change the items. */
  private final Map<String, Boolean> known;

  public RememberedBudgets(BudgetStore budgets, DynamoDbClient table, String tableName) {
    this(budgets, table, tableName, false);
  }

  private RememberedBudgets(
      BudgetStore budgets, DynamoDbClient table, String tableName, boolean soleWriter) {
    this.budgets = Objects.requireNonNull(budgets, "budgets");
    this.table = Objects.requireNonNull(table, "table");
    this.tableName = Objects.requireNonNull(tableName, "tableName");
    this.known = soleWriter ? new java.util.concurrent.ConcurrentHashMap<>() : null;
  }

  /**
   * For the table's only writer of these items: what it read or wrote is then answered from
   * memory (a change made past it, by hand or by another process, is not seen until a restart).
   */
  public static RememberedBudgets soleWriter(
      BudgetStore budgets, DynamoDbClient table, String tableName) {
    return new RememberedBudgets(budgets, table, tableName, true);
  }

  @Override
  public void apply(StackRef stack, BigDecimal monthlyUsd) {
    Optional<Boolean> kept = kept(stack);
    if (monthlyUsd == null) {
      if (kept.equals(Optional.of(false))) {
        return;
      }
      budgets.remove(stack);
    } else {
      budgets.keep(stack, monthlyUsd);
    }
    boolean now = monthlyUsd != null;
    if (!kept.equals(Optional.of(now))) {
      remember(stack, now);
    }
  }

  @Override
  public void keep(StackRef stack, BigDecimal monthlyUsd) {
    budgets.keep(stack, monthlyUsd);
    remember(stack, true);
  }

  @Override
  public void remove(StackRef stack) {
    budgets.remove(stack);
    remember(stack, false);
  }

  @Override
  public Optional<BigDecimal> budget(StackRef stack) {
    return budgets.budget(stack);
  }

  @Override
  public Optional<StackBudget> status(StackRef stack) {
    return budgets.status(stack);
  }

  /** What the table remembers: empty when it was never written for this stack. */
  private Optional<Boolean> kept(StackRef stack) {
    if (known != null) {
      Boolean remembered = known.get(stack.partitionKey());
      if (remembered != null) {
        return Optional.of(remembered);
      }
    }
    Optional<Boolean> read = read(stack);
    if (known != null) {
      read.ifPresent(kept -> known.put(stack.partitionKey(), kept));
    }
    return read;
  }

  private Optional<Boolean> read(StackRef stack) {
    try {
      Map<String, AttributeValue> item =
          table.getItem(r -> r.tableName(tableName).key(key(stack)).consistentRead(true)).item();
      if (item == null || item.isEmpty() || item.get(KEPT) == null) {
        return Optional.empty();
      }
      return Optional.ofNullable(item.get(KEPT).bool());
    } catch (SdkException e) {
      throw ControlTable.failure("could not read whether stack " + stack.name() + " has a budget", e);
    }
  }

  private void remember(StackRef stack, boolean kept) {
    Map<String, AttributeValue> item = new java.util.HashMap<>(key(stack));
    item.put(KEPT, AttributeValue.fromBool(kept));
    try {
      table.putItem(r -> r.tableName(tableName).item(item));
      if (known != null) {
        known.put(stack.partitionKey(), kept);
      }
    } catch (SdkException e) {
      throw ControlTable.failure("could not record whether stack " + stack.name() + " has a budget", e);
    }
  }

  private static Map<String, AttributeValue> key(StackRef stack) {
    return Map.of(
        ControlTable.PK, AttributeValue.fromS(stack.partitionKey()),
        ControlTable.SK, AttributeValue.fromS(BUDGET_SK));
  }
}
