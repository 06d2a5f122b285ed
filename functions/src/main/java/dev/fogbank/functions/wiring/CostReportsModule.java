package dev.fogbank.functions.wiring;

import dagger.Module;
import dagger.Provides;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.cost.DynamoDbCostLedger;
import jakarta.inject.Singleton;
import java.time.Clock;

/** GET /costs: what the cost scans recorded in the control table. */
@Module(includes = AwsModule.class)
public final class CostReportsModule {
  private CostReportsModule() {}

  @Provides
  @Singleton
  static CostReports costReports(AwsClientFactory aws, FunctionEnvironment env, Clock clock) {
    return new CostReports(
        new DynamoDbCostLedger(aws.dynamoDb(), env.tableName(), clock),
        env.account(),
        env.region(),
        clock);
  }
}
