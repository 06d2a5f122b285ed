package dev.fogbank.functions.wiring;

import dagger.Module;
import dagger.Provides;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.history.DeploymentEvents;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import jakarta.inject.Singleton;

/**
 * {@code GET /deployments/{id}/events}: the history, and CloudFormation (DescribeStackEvents) for
 * the events not recorded yet, its client built on that route's first call only.
 */
@Module(includes = TableModule.class)
public final class DeploymentEventsModule {
  private DeploymentEventsModule() {}

  @Provides
  @Singleton
  static DeploymentEvents deploymentEvents(DeploymentHistory history, AwsClientFactory aws) {
    return new DeploymentEvents(history, () -> new CloudFormationStackGateway(aws.cloudFormation()));
  }
}
