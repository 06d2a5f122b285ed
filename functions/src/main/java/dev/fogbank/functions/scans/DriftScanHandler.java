package dev.fogbank.functions.scans;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.fogbank.functions.wiring.ScansWiring;
import dev.fogbank.shared.drift.DriftScan;
import dev.fogbank.shared.drift.DriftScanResult;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.StructuredLog;
import fogbank.FunctionFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * EventBridge schedule → {@link DriftScan}: drift detection of every managed stack, a {@code
 * DRIFT#} record each, a notification for a newly drifted one. One structured log line per stack
 * (written by the scan) and one per invocation: {@code drift_scan_done}, or {@code
 * drift_scan_failed} when the scan could not even list the stacks (the invocation fails so that
 * Lambda retries it). A stack that failed does not fail the invocation: the others were scanned.
 */
public final class DriftScanHandler implements RequestStreamHandler {
  /** At most this long, whatever the function's timeout (the control-plane stack sets 15 min). */
  static final Duration MAX_BUDGET = Duration.ofMinutes(12);

  /**
   * Kept back from Lambda's remaining time for the result, the logs and the SDK's last call: a
   * tenth of it, at most 30 s.
   */
  static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(30);

  private final Supplier<DriftScan> scan;

  public DriftScanHandler() {
    this(ScansWiring::driftScan);
  }

  public DriftScanHandler(DriftScan scan) {
    this(() -> scan);
  }

  DriftScanHandler(Supplier<DriftScan> scan) {
    this.scan = Objects.requireNonNull(scan, "scan");
  }

  /** What the function returns: counts by outcome, and each stack's. */
  public record Result(Map<String, Long> outcomes, List<DriftScanResult.StackResult> stacks) {}

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) {
    Result result = handle(in, budget(context));
    try {
      Json.mapper().writeValue(out, result);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The scan's time: {@link #MAX_BUDGET}, or less when Lambda's remaining time is shorter. */
  static Duration budget(Context context) {
    if (context == null) {
      return MAX_BUDGET;
    }
    Duration remaining = Duration.ofMillis(Math.max(0, context.getRemainingTimeInMillis()));
    Duration margin = remaining.dividedBy(10);
    Duration budget =
        remaining.minus(margin.compareTo(TIMEOUT_MARGIN) < 0 ? margin : TIMEOUT_MARGIN);
    return budget.compareTo(MAX_BUDGET) < 0 ? budget : MAX_BUDGET;
  }

  public Result handle(InputStream event, Duration budget) {
    Map<String, Object> fields = ScheduledEvent.describe(event);
    fields.put("budgetSeconds", budget.toSeconds());
    DriftScanResult outcome;
    try {
      outcome = scan.get().run(budget);
    } catch (DeploymentException e) {
      throw failed(fields, e.code(), e.getMessage(), e);
    } catch (RuntimeException e) {
      throw failed(fields, ErrorCode.INTERNAL, "internal error in the drift scan", e);
    }
    Map<String, Long> outcomes = new TreeMap<>();
    for (DriftScanResult.Outcome o : DriftScanResult.Outcome.values()) {
      long n = outcome.count(o);
      if (n > 0) {
        outcomes.put(o.name(), n);
      }
    }
    fields.put("stacks", outcome.stacks().size());
    fields.put("outcomes", outcomes);
    fields.put("notified", outcome.stacks().stream().filter(s -> s.notified()).count());
    StructuredLog.info("drift_scan_done", fields);
    return new Result(outcomes, outcome.stacks());
  }

  private static FunctionFailure failed(
      Map<String, Object> fields, ErrorCode code, String message, RuntimeException cause) {
    fields.put("code", code.name());
    fields.put("message", message);
    fields.put("type", cause.getClass().getName());
    StructuredLog.error("drift_scan_failed", fields);
    return FunctionFailure.of(code, message);
  }
}
