package dev.fogbank.shared.cost;

import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.stack.StackRef;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.budgets.BudgetsClient;
import software.amazon.awssdk.services.budgets.model.Budget;
import software.amazon.awssdk.services.budgets.model.NotFoundException;

/**
 * {@link BudgetStore} on AWS Budgets. A budget already as wanted is left alone (one
 * DescribeBudget); one that differs is deleted and created again, with its notifications, since
 * the emulator has no UpdateBudget (in AWS this means an alert already sent this month may be sent
 * again after a change); a notification missing from a kept budget is added back.
 */
public final class AwsBudgetsStore implements BudgetStore {
  private final BudgetsClient client;
  private final String account;
  private final String topicArn;

  public AwsBudgetsStore(BudgetsClient client, String account, String topicArn) {
    this.client = Objects.requireNonNull(client, "client");
    this.account = Objects.requireNonNull(account, "account");
    this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
  }

  @Override
  public void keep(StackRef stack, BigDecimal monthlyUsd) {
    String name = BudgetsTranslator.name(stack);
    try {
      Optional<Budget> kept = describe(name);
      if (kept.isPresent() && BudgetsTranslator.same(kept.get(), stack, monthlyUsd)) {
        addMissingNotifications(name);
        return;
      }
      if (kept.isPresent()) {
        client.deleteBudget(r -> r.accountId(account).budgetName(name));
      }
      client.createBudget(BudgetsTranslator.create(account, stack, monthlyUsd, topicArn));
    } catch (SdkException e) {
      throw failure("CreateBudget for stack '" + stack.name() + "' (" + name + ")", e);
    }
  }

  @Override
  public void remove(StackRef stack) {
    String name = BudgetsTranslator.name(stack);
    try {
      client.deleteBudget(r -> r.accountId(account).budgetName(name));
    } catch (NotFoundException none) {
      // Nothing to remove: the stack had no budget.
    } catch (SdkException e) {
      throw failure("DeleteBudget for stack '" + stack.name() + "' (" + name + ")", e);
    }
  }

  @Override
  public Optional<BigDecimal> budget(StackRef stack) {
    try {
      return describe(BudgetsTranslator.name(stack))
          .map(b -> b.budgetLimit().amount());
    } catch (SdkException e) {
      throw failure("DescribeBudget for stack '" + stack.name() + "'", e);
    }
  }

  /** DescribeBudget and DescribeNotificationsForBudget: the amount and its ACTUAL thresholds. */
  @Override
  public Optional<StackBudget> status(StackRef stack) {
    String name = BudgetsTranslator.name(stack);
    try {
      Optional<Budget> kept = describe(name);
      if (kept.isEmpty()) {
        return Optional.empty();
      }
      var notifications =
          client
              .describeNotificationsForBudget(r -> r.accountId(account).budgetName(name))
              .notifications();
      return Optional.of(BudgetsTranslator.status(kept.get(), notifications));
    } catch (NotFoundException gone) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("DescribeBudget for stack '" + stack.name() + "' (" + name + ")", e);
    }
  }

  private Optional<Budget> describe(String name) {
    try {
      return Optional.of(
          client.describeBudget(r -> r.accountId(account).budgetName(name)).budget());
    } catch (NotFoundException none) {
      return Optional.empty();
    }
  }

  private void addMissingNotifications(String name) {
    var kept =
        client
            .describeNotificationsForBudget(r -> r.accountId(account).budgetName(name))
            .notifications();
    for (int percent : BudgetsTranslator.missing(kept)) {
      client.createNotification(
          r ->
              r.accountId(account)
                  .budgetName(name)
                  .notification(BudgetsTranslator.notification(percent))
                  .subscribers(BudgetsTranslator.subscriber(topicArn)));
    }
  }

  /** A refusal (no budgets:ModifyBudget / ViewBudget) is COST_ACCESS_DENIED, as Cost Explorer's. */
  private static DeploymentException failure(String call, SdkException e) {
    return AwsFailures.failure("AWS Budgets " + call, e, ErrorCode.COST_ACCESS_DENIED);
  }
}
