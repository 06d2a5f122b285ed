package dev.fogbank.functions.wiring;

import dagger.Module;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import dev.fogbank.shared.auth.PolicyStore;
import dev.fogbank.shared.history.DynamoDbStackSummaries;
import dev.fogbank.shared.history.StackSummaries;
import dev.fogbank.shared.paging.DynamoDbPageKey;
import dagger.Provides;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.lock.LockStore;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The locks and the deployment history in the control table. Not in {@link AwsModule}: an artifact
 * that needs neither (steps-stack) then holds neither adapter nor the DynamoDB models they name.
 */
@Module(includes = AwsModule.class)
public final class TableModule {
  private TableModule() {}

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
  static StackSummaries stackSummaries(AwsClientFactory aws, FunctionEnvironment env, Clock clock) {
    return new DynamoDbStackSummaries(
        aws.dynamoDb(), env.tableName(), env.account(), env.region(), clock);
  }
}
