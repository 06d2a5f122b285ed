package dev.fogbank.shared.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.ReviewPolicy;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.FaultInjector;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.budgets.BudgetsClient;
import software.amazon.awssdk.services.budgets.model.Budget;
import software.amazon.awssdk.services.budgets.model.NotFoundException;
import software.amazon.awssdk.services.budgets.model.Notification;

/** Stack budgets through the real SDK against the emulator's AWS Budgets (moto implements it). */
@ExtendWith(AwsEndpointExtension.class)
class AwsBudgetsStoreIT {
  private static final String ACCOUNT = "123456789012";
  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:fogbank-notifications";

  private final FaultInjector faults = new FaultInjector();
  private AwsClientFactory clients;
  private BudgetsClient budgets;
  private AwsBudgetsStore store;
  private StackRef orders;

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    aws.reset();
    clients = aws.clients(faults);
    budgets = clients.budgets();
    store = new AwsBudgetsStore(budgets, ACCOUNT, TOPIC);
    orders = StackRef.of(ACCOUNT, aws.region(), "orders");
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  private Budget described(StackRef stack) {
    return budgets
        .describeBudget(r -> r.accountId(ACCOUNT).budgetName(BudgetsTranslator.name(stack)))
        .budget();
  }

  private List<Notification> notifications(StackRef stack) {
    return budgets
        .describeNotificationsForBudget(
            r -> r.accountId(ACCOUNT).budgetName(BudgetsTranslator.name(stack)))
        .notifications();
  }

  @Test
  void keep_whenNoBudget_thenCreatesMonthlyCostBudgetOnStackTagWithTwoActualAlerts() {
    store.keep(orders, new BigDecimal("250"));

    Budget budget = described(orders);
    assertEquals("fogbank-" + orders.region() + "-orders", budget.budgetName());
    assertEquals(0, new BigDecimal("250").compareTo(budget.budgetLimit().amount()));
    assertEquals("USD", budget.budgetLimit().unit());
    assertEquals("MONTHLY", budget.timeUnitAsString());
    assertEquals("COST", budget.budgetTypeAsString());
    assertEquals(
        Map.of(
            "TagKeyValue", List.of("aws:cloudformation:stack-name$orders"),
            "Region", List.of(orders.region())),
        budget.costFilters());
    List<Notification> alerts = notifications(orders);
    assertEquals(2, alerts.size());
    assertEquals(
        List.of(80.0, 100.0), alerts.stream().map(Notification::threshold).sorted().toList());
    assertTrue(alerts.stream().allMatch(n -> n.notificationTypeAsString().equals("ACTUAL")));
    assertEquals(Optional.of(new BigDecimal("250")), store.budget(orders).map(b -> b.setScale(0)));
  }

  @Test
  void keep_whenSameBudgetKept_thenOnlyReadsIt() {
    store.keep(orders, new BigDecimal("250"));
    int created = faults.attempts("CreateBudget");

    store.keep(orders, new BigDecimal("250.00"));

    assertEquals(created, faults.attempts("CreateBudget"));
    assertEquals(0, faults.attempts("DeleteBudget"));
    assertEquals(2, notifications(orders).size());
  }

  @Test
  void keep_whenAmountChanged_thenBudgetHasNewAmountAndBothAlerts() {
    store.keep(orders, new BigDecimal("250"));

    store.keep(orders, new BigDecimal("99.5"));

    assertEquals(0, new BigDecimal("99.5").compareTo(described(orders).budgetLimit().amount()));
    assertEquals(2, notifications(orders).size());
  }

  @Test
  void keep_whenAnAlertWasDeleted_thenAddsItBack() {
    store.keep(orders, new BigDecimal("250"));
    budgets.deleteNotification(
        r ->
            r.accountId(ACCOUNT)
                .budgetName(BudgetsTranslator.name(orders))
                .notification(BudgetsTranslator.notification(100)));
    assertEquals(1, notifications(orders).size());

    store.keep(orders, new BigDecimal("250"));

    assertEquals(2, notifications(orders).size());
  }

  @Test
  void remove_whenKeptThenRemovedTwice_thenGoneAndSecondRemoveIsNoError() {
    store.keep(orders, new BigDecimal("250"));

    store.remove(orders);
    store.remove(orders);

    assertThrows(NotFoundException.class, () -> described(orders));
    assertEquals(Optional.empty(), store.budget(orders));
  }

  @Test
  void keep_whenStackNameLong_thenNameFitsBudgetsLimitAndStaysDistinct() {
    StackRef longA = StackRef.of(ACCOUNT, orders.region(), "a".repeat(120) + "-one");
    StackRef longB = StackRef.of(ACCOUNT, orders.region(), "a".repeat(120) + "-two");

    store.keep(longA, BigDecimal.TEN);
    store.keep(longB, BigDecimal.ONE);

    assertTrue(BudgetsTranslator.name(longA).length() <= BudgetsTranslator.MAX_NAME);
    assertEquals(0, BigDecimal.TEN.compareTo(described(longA).budgetLimit().amount()));
    assertEquals(0, BigDecimal.ONE.compareTo(described(longB).budgetLimit().amount()));
  }

  @Test
  void keep_whenBudgetsRefuses_thenCostAccessDeniedNamingTheStack() {
    // Stands in for AWS Budgets refusing a role without budgets:ModifyBudget.
    faults.failNext("CreateBudget", 1, 400, "AccessDeniedException", "not authorized");

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> store.keep(orders, BigDecimal.TEN));

    assertEquals(ErrorCode.COST_ACCESS_DENIED, e.code());
    assertTrue(e.getMessage().contains("'orders'"), e.getMessage());
  }

  @Test
  void follow_whenDeploymentDropsItsBudget_thenBudgetDeleted_andRollbackLeavesIt() {
    StackBudgets keeper = StackBudgets.of(store);
    keeper.follow(input("api", ReviewPolicy.defaults().withBudget("40")));
    assertEquals(0, new BigDecimal("40").compareTo(described(orders).budgetLimit().amount()));

    keeper.follow(input("rollback", ReviewPolicy.defaults()));
    assertEquals(0, new BigDecimal("40").compareTo(described(orders).budgetLimit().amount()));

    keeper.follow(input("drop", ReviewPolicy.defaults()));
    assertThrows(NotFoundException.class, () -> described(orders));
  }

  @Test
  void follow_whenBudgetsFails_thenReturnsTheProblemInsteadOfThrowing() {
    faults.failNext("DescribeBudget", 1, 400, "AccessDeniedException", "not authorized");

    Optional<DeploymentException> problem =
        StackBudgets.of(store).follow(input("api", ReviewPolicy.defaults().withBudget("40")));

    assertEquals(ErrorCode.COST_ACCESS_DENIED, problem.orElseThrow().code());
  }

  private DeploymentInput input(String source, ReviewPolicy policy) {
    return new DeploymentInput(
        "d-1", "orders", ACCOUNT, orders.region(), "s3://b/k", "sha", Map.of(), Map.of(), source,
        "me", Instant.parse("2026-12-07T00:00:00Z"), null, null, null, policy);
  }
}
