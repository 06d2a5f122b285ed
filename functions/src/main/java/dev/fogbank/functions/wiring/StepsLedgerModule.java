package dev.fogbank.functions.wiring;

import dagger.Module;
import dagger.Provides;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.lock.LockStore;
import dev.fogbank.shared.notify.SnsNotifier;
import dev.fogbank.shared.stackevents.DynamoDbEventClaims;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The deploy state machine's ledger steps (steps-ledger artifact): the table and the topic. */
@Module(includes = TableModule.class)
public final class StepsLedgerModule {
  private StepsLedgerModule() {}

  @Provides
  @Singleton
  static DeploymentLedger ledger(
      LockStore locks,
      DeploymentHistory history,
      AwsClientFactory aws,
      FunctionEnvironment env,
      Clock clock) {
    // Failures are announced once: the claim is shared with the stack-events function.
    return new DeploymentLedger(
        locks,
        history,
        new SnsNotifier(aws.sns(), env.topicArn()),
        clock,
        new DynamoDbEventClaims(aws.dynamoDb(), env.tableName()));
  }

  /**
   * The stack budgets RecordResult keeps, alerting the control plane's topic, remembered in the
   * table so that a stack without one costs no Budgets call. The Budgets client is built on the
   * first budget call; without a topic (a misconfigured function) none are kept.
   */
  @Provides
  @Singleton
  static dev.fogbank.shared.cost.StackBudgets budgets(AwsClientFactory aws, FunctionEnvironment env) {
    if (env.topicArn() == null || env.topicArn().isBlank()) {
      return dev.fogbank.shared.cost.StackBudgets.none();
    }
    return dev.fogbank.shared.cost.StackBudgets.lazy(
        () ->
            new dev.fogbank.shared.cost.RememberedBudgets(
                new dev.fogbank.shared.cost.AwsBudgetsStore(
                    aws.budgets(), env.account(), env.topicArn()),
                aws.dynamoDb(),
                env.tableName()));
  }
}
