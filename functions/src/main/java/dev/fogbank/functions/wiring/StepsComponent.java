package dev.fogbank.functions.wiring;

import dagger.Component;
import dagger.Lazy;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.deploy.StackDeployer;
import jakarta.inject.Singleton;

/**
 * One component for both step artifacts; each handler asks for its half only, and the other
 * half's clients (and SDK classes, absent from that artifact) are never built.
 */
@Singleton
@Component(modules = StepsModule.class)
public interface StepsComponent {
  Lazy<DeploymentLedger> ledger();

  Lazy<StackDeployer> stackChanges();
}
