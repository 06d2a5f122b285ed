package dev.fogbank.cli.local;

import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.notify.DeploymentEvent;
import dev.fogbank.shared.notify.Notifier;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes each event as one JSON line: the notifier when no webhook is configured, so events still
 * reach the logs (CloudWatch in AWS, the terminal locally).
 */
public final class LoggingNotifier implements Notifier {
  private final StructuredLog log;

  public LoggingNotifier(PrintStream out) {
    this.log = StructuredLog.to(out);
  }

  /** Writes to standard output, where the local runtime and Lambda collect it. */
  public static LoggingNotifier create() {
    return new LoggingNotifier(System.out);
  }

  @Override
  public void notify(DeploymentEvent event) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("deploymentId", event.deploymentId());
    fields.put("stack", event.stackName());
    fields.put("account", event.account());
    fields.put("region", event.region());
    fields.put("source", event.source());
    fields.put("requester", event.requester());
    fields.put("at", event.at() == null ? null : event.at().toString());
    fields.put("durationMillis", event.durationMillis());
    if (event.changeSummary() != null) {
      fields.put("changes", event.changeSummary());
    }
    if (event.error() != null) {
      fields.put("error", event.error());
    }
    if (event.stackStatus() != null) {
      fields.put("stackStatus", event.stackStatus());
    }
    boolean bad =
        event.kind() == DeploymentEvent.Kind.FAILED
            || event.kind() == DeploymentEvent.Kind.REJECTED
            || event.aboutStack();
    StructuredLog.Level level = bad ? StructuredLog.Level.WARN : StructuredLog.Level.INFO;
    String kind = event.kind().name().toLowerCase(Locale.ROOT);
    // A stack event is not about a deployment: "stack_needs_attention", "stack_drift_detected".
    String name =
        !event.aboutStack()
            ? "deployment_" + kind
            : kind.startsWith("stack_") ? kind : "stack_" + kind;
    log.log(level, name, fields);
  }
}
