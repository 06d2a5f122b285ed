package dev.fogbank.functions.wiring;

import dagger.Component;
import dev.fogbank.shared.deploy.StackDeployer;
import jakarta.inject.Singleton;

/**
 * The steps-stack artifact's component: template store, CloudFormation and the review's cost
 * estimate. A component of its own, so that this artifact holds none of the ledger's classes.
 */
@Singleton
@Component(modules = StepsStackModule.class)
public interface StepsStackComponent {
  StackDeployer stackChanges();

  /** The clients (SnapStart priming builds them before the snapshot). */
  dev.fogbank.shared.aws.AwsClientFactory clients();

  FunctionEnvironment environment();
}
