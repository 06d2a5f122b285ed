package dev.fogbank.functions.wiring;

import dagger.Lazy;
import dagger.Module;
import dagger.Provides;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.execution.SfnDeploymentResumer;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.notify.SnsNotifier;
import dev.fogbank.shared.stackevents.DynamoDbEventClaims;
import dev.fogbank.shared.stackevents.StackStatusIntake;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The stack-events function: claims in the control table, notifications on the topic, and the
 * deployment waiting on the stack resumed through Step Functions (the task token is read from the
 * stack's lock). The SNS client is built on the first notification only; most status changes
 * (successes, progress) need none. The Step Functions client is built lazily by the factory too.
 */
@Module(includes = AwsModule.class)
public final class EventsModule {
  private EventsModule() {}

  @Provides
  @Singleton
  static StackStatusIntake intake(
      AwsClientFactory aws, FunctionEnvironment env, Lazy<SnsNotifier> topic, Clock clock) {
    if (env.topicArn() == null || env.topicArn().isBlank()) {
      // Without the topic the function would claim failures and tell nobody: refuse to start.
      throw new IllegalStateException(
          "environment variable FOGBANK_TOPIC_ARN is not set (the control-plane stack sets it);"
              + " the stack-events function publishes its notifications there");
    }
    return new StackStatusIntake(
        new DynamoDbEventClaims(aws.dynamoDb(), env.tableName()),
        new LazySnsNotifier(topic),
        new DynamoDbLockStore(aws.dynamoDb(), env.tableName(), clock),
        new SfnDeploymentResumer(aws.sfn()),
        DynamoDbDeploymentHistory.create(aws.dynamoDb(), env.tableName()),
        clock);
  }

  @Provides
  @Singleton
  static SnsNotifier topic(AwsClientFactory aws, FunctionEnvironment env) {
    return new SnsNotifier(aws.sns(), env.topicArn());
  }
}
