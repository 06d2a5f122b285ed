package dev.fogbank.functions.wiring;

import dagger.Module;
import dagger.Provides;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.controlplane.ControlPlaneEnvironment;
import dev.fogbank.shared.drift.DriftReports;
import dev.fogbank.shared.drift.DriftScanLimits;
import dev.fogbank.shared.drift.DynamoDbDriftRecords;
import dev.fogbank.shared.drift.DynamoDbDriftScans;
import dev.fogbank.shared.drift.ManagedStacks;
import dev.fogbank.shared.history.DynamoDbStackSummaries;
import dev.fogbank.shared.execution.SfnExecutionStarter;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The drift routes: the records in the control table, and POST /drift-scans starting the drift
 * scan state machine (its ARN from FOGBANK_DRIFT_STATE_MACHINE_ARN, read when first started).
 */
@Module(includes = AwsModule.class)
public final class DriftModule {
  private DriftModule() {}

  @Provides
  @Singleton
  static DriftReports driftReports(AwsClientFactory aws, FunctionEnvironment env, Clock clock) {
    return new DriftReports(
        env.account(),
        env.region(),
        ManagedStacks.of(
            new DynamoDbStackSummaries(
                aws.dynamoDb(), env.tableName(), env.account(), env.region(), clock)),
        new DynamoDbDriftRecords(aws.dynamoDb(), env.tableName()),
        new DynamoDbDriftScans(aws.dynamoDb(), env.tableName(), clock),
        () -> {
          String arn = System.getenv(ControlPlaneEnvironment.DRIFT_STATE_MACHINE_ARN);
          if (arn == null || arn.isBlank()) {
            throw new IllegalStateException(
                "environment variable "
                    + ControlPlaneEnvironment.DRIFT_STATE_MACHINE_ARN
                    + " is not set (the control-plane stack sets it)");
          }
          return new SfnExecutionStarter(aws.sfn(), arn);
        },
        clock,
        DriftScanLimits.defaults().maxStacks());
  }
}
