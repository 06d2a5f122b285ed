package dev.fogbank.functions.wiring;

import dagger.Module;
import dagger.Provides;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import dev.fogbank.shared.auth.PolicyStore;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.drift.DynamoDbManagedStacks;
import dev.fogbank.shared.drift.ManagedStacks;
import dev.fogbank.shared.paging.DynamoDbPageKey;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.lock.LockStore;
import dev.fogbank.shared.template.S3TemplateStore;
import dev.fogbank.shared.template.TemplateStore;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Clients and adapters every function group shares; each is built once per container. */
@Module
public final class AwsModule {
  private AwsModule() {}

  @Provides
  @Singleton
  static FunctionEnvironment environment() {
    return FunctionEnvironment.fromEnv();
  }

  @Provides
  @Singleton
  static AwsClientFactory clients(FunctionEnvironment env) {
    return AwsClientFactory.create(env.awsSettings());
  }

  @Provides
  static Clock clock() {
    return Clock.systemUTC();
  }

  @Provides
  @Singleton
  static LockStore locks(AwsClientFactory aws, FunctionEnvironment env, Clock clock) {
    return new DynamoDbLockStore(aws.dynamoDb(), env.tableName(), clock);
  }

  @Provides
  @Singleton
  static DeploymentHistory history(AwsClientFactory aws, FunctionEnvironment env) {
    return new DynamoDbDeploymentHistory(aws.dynamoDb(), env.tableName());
  }

  @Provides
  @Singleton
  static PolicyStore policies(AwsClientFactory aws, FunctionEnvironment env, Clock clock) {
    return new DynamoDbPolicyStore(aws.dynamoDb(), env.tableName(), clock);
  }

  @Provides
  @Singleton
  static DynamoDbPageKey pageKey(AwsClientFactory aws, FunctionEnvironment env) {
    return new DynamoDbPageKey(aws.dynamoDb(), env.tableName());
  }

  @Provides
  @Singleton
  static ManagedStacks managedStacks(AwsClientFactory aws, FunctionEnvironment env) {
    return new DynamoDbManagedStacks(aws.dynamoDb(), env.tableName(), env.account(), env.region());
  }

  @Provides
  @Singleton
  static TemplateStore templates(AwsClientFactory aws, FunctionEnvironment env) {
    return new S3TemplateStore(aws.s3(), env.artifactsBucket());
  }
}
