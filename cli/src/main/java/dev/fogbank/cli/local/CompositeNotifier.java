package dev.fogbank.cli.local;

import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sends each event to several notifiers; one failing does not stop the others. */
public final class CompositeNotifier implements Notifier {
  private final List<Notifier> notifiers;
  private final StructuredLog log;

  public CompositeNotifier(List<Notifier> notifiers) {
    this(notifiers, StructuredLog.stderr());
  }

  CompositeNotifier(List<Notifier> notifiers, StructuredLog log) {
    this.notifiers = List.copyOf(notifiers);
    this.log = log;
  }

  public static CompositeNotifier of(Notifier... notifiers) {
    return of(List.of(notifiers));
  }

  public static CompositeNotifier of(List<Notifier> notifiers) {
    return new CompositeNotifier(notifiers);
  }

  @Override
  public void notify(DeploymentEvent event) {
    for (Notifier notifier : notifiers) {
      try {
        notifier.notify(event);
      } catch (RuntimeException e) {
        // Notifiers should not throw; one that does must not silence the rest.
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("notifier", notifier.getClass().getSimpleName());
        fields.put("deploymentId", event == null ? null : event.deploymentId());
        fields.put("error", e.getClass().getSimpleName());
        log.log(StructuredLog.Level.ERROR, "notifier_failed", fields);
      }
    }
  }
}
