package dev.fogbank.shared.cost;

import dev.fogbank.shared.digest.Sha256;
import dev.fogbank.shared.stack.StackRef;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.budgets.model.Budget;
import software.amazon.awssdk.services.budgets.model.BudgetType;
import software.amazon.awssdk.services.budgets.model.ComparisonOperator;
import software.amazon.awssdk.services.budgets.model.CreateBudgetRequest;
import software.amazon.awssdk.services.budgets.model.Notification;
import software.amazon.awssdk.services.budgets.model.NotificationType;
import software.amazon.awssdk.services.budgets.model.NotificationWithSubscribers;
import software.amazon.awssdk.services.budgets.model.Spend;
import software.amazon.awssdk.services.budgets.model.Subscriber;
import software.amazon.awssdk.services.budgets.model.SubscriptionType;
import software.amazon.awssdk.services.budgets.model.ThresholdType;
import software.amazon.awssdk.services.budgets.model.TimeUnit;

/**
 * The AWS Budgets requests of {@link AwsBudgetsStore}: one COST budget per stack, named {@code
 * fogbank-<region>-<stack>} (Budgets are account-wide, stacks are per region), filtered on the
 * stack's {@code aws:cloudformation:stack-name} tag in its region, monthly, in USD.
 */
final class BudgetsTranslator {
  /** Budgets' limit on a budget name. */
  static final int MAX_NAME = 100;

  static final String PREFIX = "fogbank-";
  static final String UNIT = "USD";

  /** Budgets' cost filter on a tag: {@code <key>$<value>}, the form Cost Explorer groups by. */
  static final String TAG_FILTER = "TagKeyValue";

  private BudgetsTranslator() {}

  /** The stack's budget name; a name too long for Budgets ends in a digest of the whole. */
  static String name(StackRef stack) {
    String name = PREFIX + stack.region() + "-" + stack.name();
    if (name.length() <= MAX_NAME) {
      return name;
    }
    String digest = Sha256.hex(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return name.substring(0, MAX_NAME - 13) + "-" + digest.substring(0, 12);
  }

  static Map<String, List<String>> costFilters(StackRef stack) {
    return Map.of(
        TAG_FILTER, List.of(CostExplorerTranslator.STACK_TAG + "$" + stack.name()),
        "Region", List.of(stack.region()));
  }

  static Budget budget(StackRef stack, BigDecimal monthlyUsd) {
    return Budget.builder()
        .budgetName(name(stack))
        .budgetType(BudgetType.COST)
        .timeUnit(TimeUnit.MONTHLY)
        .budgetLimit(Spend.builder().amount(monthlyUsd).unit(UNIT).build())
        .costFilters(costFilters(stack))
        .build();
  }

  static Notification notification(int percent) {
    return Notification.builder()
        .notificationType(NotificationType.ACTUAL)
        .comparisonOperator(ComparisonOperator.GREATER_THAN)
        .threshold((double) percent)
        .thresholdType(ThresholdType.PERCENTAGE)
        .build();
  }

  static Subscriber subscriber(String topicArn) {
    return Subscriber.builder().subscriptionType(SubscriptionType.SNS).address(topicArn).build();
  }

  static CreateBudgetRequest create(
      String account, StackRef stack, BigDecimal monthlyUsd, String topicArn) {
    return CreateBudgetRequest.builder()
        .accountId(account)
        .budget(budget(stack, monthlyUsd))
        .notificationsWithSubscribers(
            BudgetStore.THRESHOLDS.stream()
                .map(
                    p ->
                        NotificationWithSubscribers.builder()
                            .notification(notification(p))
                            .subscribers(subscriber(topicArn))
                            .build())
                .toList())
        .build();
  }

  /** The kept budget says the same as the one wanted (amount compared as numbers, and filter). */
  static boolean same(Budget kept, StackRef stack, BigDecimal monthlyUsd) {
    return kept.budgetLimit() != null
        && UNIT.equals(kept.budgetLimit().unit())
        && kept.budgetLimit().amount().compareTo(monthlyUsd) == 0
        && costFilters(stack).equals(kept.costFilters())
        && TimeUnit.MONTHLY.equals(kept.timeUnit());
  }

  /** The kept budget's amount and its percentage alerts on the actual cost, lowest first. */
  static StackBudget status(Budget kept, List<Notification> notifications) {
    return new StackBudget(
        kept.budgetLimit().amount(),
        kept.budgetLimit().unit(),
        notifications.stream()
            .filter(
                n ->
                    NotificationType.ACTUAL.equals(n.notificationType())
                        && ThresholdType.PERCENTAGE.equals(n.thresholdType())
                        && n.threshold() != null)
            .map(n -> (int) Math.round(n.threshold()))
            .sorted()
            .distinct()
            .toList());
  }

  /** Which of the wanted notifications are missing from {@code kept}. */
  static List<Integer> missing(List<Notification> kept) {
    return BudgetStore.THRESHOLDS.stream()
        .filter(
            p ->
                kept.stream()
                    .noneMatch(
                        n ->
                            NotificationType.ACTUAL.equals(n.notificationType())
                                && ThresholdType.PERCENTAGE.equals(n.thresholdType())
                                && n.threshold() != null
                                && n.threshold() == p.doubleValue()))
        .toList();
  }
}
