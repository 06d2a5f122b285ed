package dev.fogbank.shared.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(DynamoDbLocalExtension.class)
class RememberedBudgetsTest {
  private static final StackRef WEB = StackRef.of("123456789012", "eu-west-1", "web");

  /** Budgets as AWS keeps them, with every call it answered. */
  private static final class RecordingBudgets implements BudgetStore {
    final Map<StackRef, BigDecimal> kept = new HashMap<>();
    final List<String> calls = new ArrayList<>();

    @Override
    public void keep(StackRef stack, BigDecimal monthlyUsd) {
      calls.add("keep " + monthlyUsd);
      kept.put(stack, monthlyUsd);
    }

    @Override
    public void remove(StackRef stack) {
      calls.add("remove");
      kept.remove(stack);
    }

    @Override
    public Optional<BigDecimal> budget(StackRef stack) {
      return Optional.ofNullable(kept.get(stack));
    }
  }

  private final RecordingBudgets aws = new RecordingBudgets();
  private RememberedBudgets budgets;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    budgets = new RememberedBudgets(aws, dynamoDb, table);
  }

  @Test
  void apply_whenTheStackNeverHadABudget_thenBudgetsIsAskedOnceAndThenNotAgain() {
    budgets.apply(WEB, null);
    budgets.apply(WEB, null);
    budgets.apply(WEB, null);

    assertEquals(List.of("remove"), aws.calls, "only the first, unknown, stack is asked");
  }

  @Test
  void apply_whenABudgetIsDroppedLater_thenItIsRemovedOnceAndTheNextDeploymentsSkipBudgets() {
    budgets.apply(WEB, new BigDecimal("50"));
    budgets.apply(WEB, new BigDecimal("50"));
    budgets.apply(WEB, null);
    budgets.apply(WEB, null);

    assertEquals(List.of("keep 50", "keep 50", "remove"), aws.calls);
    assertEquals(Optional.empty(), budgets.budget(WEB));
  }

  @Test
  void apply_whenABudgetIsAddedAfterNone_thenItIsKept() {
    budgets.apply(WEB, null);
    budgets.apply(WEB, new BigDecimal("20"));

    assertEquals(List.of("remove", "keep 20"), aws.calls);
    assertEquals(Optional.of(new BigDecimal("20")), budgets.budget(WEB));
  }

  @Test
  void remove_whenCalledDirectly_thenTheNextApplyWithoutBudgetSkipsBudgets() {
    budgets.keep(WEB, new BigDecimal("10"));
    budgets.remove(WEB);
    budgets.apply(WEB, null);

    assertEquals(List.of("keep 10", "remove"), aws.calls);
  }

  @Test
  void soleWriter_whenItWroteTheItem_thenItAnswersFromMemoryAndAFreshOneReadsTheTable(
      DynamoDbClient dynamoDb, @ControlTableName String table) {
    RememberedBudgets sole = RememberedBudgets.soleWriter(aws, dynamoDb, table);
    sole.apply(WEB, null);
    // Changed past it: the table now says nothing is remembered.
    dynamoDb.deleteItem(
        r -> r.tableName(table)
            .key(Map.of(
                ControlTable.PK, AttributeValue.fromS(WEB.partitionKey()),
                ControlTable.SK, AttributeValue.fromS(RememberedBudgets.BUDGET_SK))));

    sole.apply(WEB, null);
    assertEquals(List.of("remove"), aws.calls, "the sole writer did not read the table again");

    RememberedBudgets.soleWriter(aws, dynamoDb, table).apply(WEB, null);
    assertEquals(List.of("remove", "remove"), aws.calls, "a new one (a restart) reads the table");
  }
}
