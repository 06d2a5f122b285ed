package dev.fogbank.shared.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fogbank.shared.stack.StackRef;
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
}
