package dev.fogbank.functions.wiring;

import dagger.Lazy;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.notify.SnsNotifier;

/**
 * A notifier whose SNS client is built when the first event is sent through it: most invocations
 * of the stack-events and scan functions publish nothing, and should not pay for the client.
 */
record LazySnsNotifier(Lazy<SnsNotifier> notifier) implements Notifier {
  @Override
  public void notify(DeploymentEvent event) {
    notifier.get().notify(event);
  }

  @Override
  public boolean tryNotify(DeploymentEvent event) {
    return notifier.get().tryNotify(event);
  }
}
