package dev.fogbank.functions.wiring;

import dagger.Lazy;
import dagger.Module;
import dagger.Provides;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.cost.AwsBudgetsStore;
import dev.fogbank.shared.cost.CostExplorerCostSource;
import dev.fogbank.shared.cost.CostLookups;
import dev.fogbank.shared.cost.CostScan;
import dev.fogbank.shared.cost.DynamoDbCostLedger;
import dev.fogbank.shared.drift.CloudFormationDriftDetector;
import dev.fogbank.shared.drift.DriftScanSteps;
import dev.fogbank.shared.drift.DynamoDbDriftRecords;
import dev.fogbank.shared.drift.DynamoDbDriftScans;
import dev.fogbank.shared.drift.ManagedStacks;
import dev.fogbank.shared.history.DynamoDbStackSummaries;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.estimate.CachingPriceBook;
import dev.fogbank.shared.estimate.DynamoDbPriceCache;
import dev.fogbank.shared.estimate.PriceRefresh;
import dev.fogbank.shared.estimate.PricingApiPriceSource;
import dev.fogbank.shared.notify.SnsNotifier;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The scan functions. The cost scan reads Cost Explorer and writes the control table; the drift
 * scan reads the table, runs CloudFormation's drift detection and publishes to the topic. Each
 * handler asks for its own scan, so neither builds the other's clients; the SNS client is built on
 * the first drift notification only.
 */
@Module(includes = AwsModule.class)
public final class ScansModule {
  private ScansModule() {}

  @Provides
  @Singleton
  static ScansSettings settings() {
    return ScansSettings.fromEnv();
  }

  @Provides
  @Singleton
  static PriceRefresh priceRefresh(AwsClientFactory aws, FunctionEnvironment env, Clock clock) {
    return new PriceRefresh(
        new CachingPriceBook(
            new DynamoDbPriceCache(
                aws.dynamoDb(), env.tableName(), CachingPriceBook.DEFAULT_REFRESH_PERIOD),
            new PricingApiPriceSource(aws.pricing()),
            clock,
            CachingPriceBook.DEFAULT_REFRESH_PERIOD));
  }

  @Provides
  @Singleton
  static CostScan costScan(
      AwsClientFactory aws,
      FunctionEnvironment env,
      ScansSettings settings,
      Lazy<SnsNotifier> topic,
      Clock clock) {
    if (env.topicArn() == null || env.topicArn().isBlank()) {
      // Without the topic the scan would keep new anomalies and tell nobody: refuse to start.
      throw new IllegalStateException(
          "environment variable FOGBANK_TOPIC_ARN is not set (the control-plane stack sets it);"
              + " the cost scan publishes its anomalies there");
    }
    return new CostScan(
        new CostExplorerCostSource(aws.costExplorer(), env.region()),
        new DynamoDbCostLedger(aws.dynamoDb(), env.tableName(), clock),
        env.account(),
        env.region(),
        clock,
        settings.anomalyRule(),
        new LazySnsNotifier(topic));
  }

  /**
   * What the api function asks on a {@code GET /costs?stack=} (costs by service, the stack's
   * budget): Cost Explorer and AWS Budgets, each client built when first asked.
   */
  @Provides
  @Singleton
  static CostLookups costLookups(AwsClientFactory aws, FunctionEnvironment env) {
    return CostLookups.direct(
        () -> new CostExplorerCostSource(aws.costExplorer(), env.region()),
        () ->
            new AwsBudgetsStore(
                aws.budgets(),
                env.account(),
                // Only read here (DescribeBudget); the topic is what a kept budget alerts.
                env.topicArn() == null ? "" : env.topicArn()));
  }

  @Provides
  @Singleton
  static DriftScanSteps driftScanSteps(
      AwsClientFactory aws,
      FunctionEnvironment env,
      ScansSettings settings,
      Lazy<SnsNotifier> topic,
      Clock clock) {
    if (env.topicArn() == null || env.topicArn().isBlank()) {
      // Without the topic the scan would record new drift and tell nobody: refuse to start.
      throw new IllegalStateException(
          "environment variable FOGBANK_TOPIC_ARN is not set (the control-plane stack sets it);"
              + " the drift scan publishes its notifications there");
    }
    return new DriftScanSteps(
        env.account(),
        env.region(),
        ManagedStacks.of(
                new DynamoDbStackSummaries(
                    aws.dynamoDb(), env.tableName(), env.account(), env.region(), clock))
            .alsoMatching(
                settings.driftDiscover(),
                () -> new CloudFormationStackGateway(aws.cloudFormation()).stackNames(),
                env.account(),
                env.region()),
        new CloudFormationDriftDetector(aws.cloudFormation()),
        new DynamoDbDriftRecords(aws.dynamoDb(), env.tableName()),
        new DynamoDbDriftScans(aws.dynamoDb(), env.tableName(), clock),
        new LazySnsNotifier(topic),
        clock,
        settings.driftLimits())
        .withScope(settings.driftScope());
  }

  @Provides
  @Singleton
  static SnsNotifier topic(AwsClientFactory aws, FunctionEnvironment env) {
    return new SnsNotifier(aws.sns(), env.topicArn());
  }
}
