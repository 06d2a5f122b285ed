package dev.fogbank.functions.scans;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.fogbank.functions.wiring.ScansWiring;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.cost.CostLookupMessages;
import dev.fogbank.shared.cost.CostLookups;
import dev.fogbank.shared.cost.CostScan;
import dev.fogbank.shared.cost.CostScanResult;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.StructuredLog;
import fogbank.FunctionFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * EventBridge schedule → {@link CostScan}: the last complete days' cost per stack into the control
 * table. One structured log line per invocation: {@code cost_scan_done} or {@code cost_scan_failed}
 * (the invocation fails, so that Lambda retries it; the scan is idempotent).
 *
 * <p>The api function also invokes it synchronously with a cost lookup ({@link
 * CostLookupMessages}: a stack's costs by service, its budget), since this artifact carries the
 * Cost Explorer and Budgets clients and the api's does not: answered with the lookup's result or
 * its failure (code and message), logged as {@code cost_lookup_done} or {@code cost_lookup_failed}.
 */
public final class CostScanHandler implements RequestStreamHandler {
  private final Supplier<CostScan> scan;
  private final Supplier<Integer> days;
  private final Supplier<Lookups> lookups;

  /** The lookups this function answers, for the stacks of its own account and region. */
  public record Lookups(CostLookups lookups, String account, String region) {}

  public CostScanHandler() {
    this(
        ScansWiring::costScan,
        ScansWiring::costDays,
        () ->
            new Lookups(ScansWiring.costLookups(), ScansWiring.account(), ScansWiring.region()));
    // Lambda builds the handler during init: SnapStart priming runs before the snapshot.
    ScansWiring.registerPriming();
  }

  public CostScanHandler(CostScan scan, int days) {
    this(() -> scan, () -> days, () -> null);
  }

  public CostScanHandler(CostScan scan, int days, Lookups lookups) {
    this(() -> scan, () -> days, () -> lookups);
  }

  CostScanHandler(Supplier<CostScan> scan, Supplier<Integer> days) {
    this(scan, days, () -> null);
  }

  CostScanHandler(Supplier<CostScan> scan, Supplier<Integer> days, Supplier<Lookups> lookups) {
    this.scan = Objects.requireNonNull(scan, "scan");
    this.days = Objects.requireNonNull(days, "days");
    this.lookups = Objects.requireNonNull(lookups, "lookups");
  }

  /**
   * What the function returns: the days read, the items written, the GetCostAndUsage requests made
   * ($0.01 each), the anomalies in the judged days and how many of them were new (alerted), and
   * what a person must do for the scan to be useful (empty when nothing).
   */
  public record Result(
      String start,
      String end,
      int recorded,
      List<String> stacks,
      Map<String, String> untagged,
      int requests,
      int anomalies,
      int newAnomalies,
      String notice) {}

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) {
    try {
      byte[] event = in.readAllBytes();
      JsonNode lookup = lookupIn(event);
      if (lookup != null) {
        out.write(lookup(lookup).getBytes(StandardCharsets.UTF_8));
        return;
      }
      Json.mapper().writeValue(out, handle(new ByteArrayInputStream(event)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The event as a cost lookup; null when it is not one (a schedule's or a queued scan's). */
  private static JsonNode lookupIn(byte[] event) {
    try {
      JsonNode read = Json.mapper().readTree(event);
      return CostLookupMessages.isLookup(read) ? read : null;
    } catch (IOException notJson) {
      return null; // ScheduledEvent.describe reports it.
    }
  }

  /** Answers one cost lookup: its result, or its failure with the failure's code. */
  public String lookup(JsonNode request) {
    Lookups l = lookups.get();
    if (l == null) {
      throw new IllegalStateException("no cost lookups wired into this handler");
    }
    CostLookupMessages.Answer answer =
        CostLookupMessages.answer(request, l.lookups(), l.account(), l.region());
    Map<String, Object> fields = new java.util.LinkedHashMap<>();
    fields.put("lookup", answer.lookup());
    fields.put("stack", request.path("stack").asText(""));
    if (answer.failure() == null) {
      StructuredLog.info("cost_lookup_done", fields);
    } else {
      fields.put("code", answer.failure().name());
      fields.put("message", answer.detail());
      StructuredLog.error("cost_lookup_failed", fields);
    }
    return answer.json();
  }

  public Result handle(InputStream event) {
    Map<String, Object> fields = ScheduledEvent.describe(event);
    CostScanResult outcome;
    try {
      Object requestedDays = fields.remove("requestedDays");
      int n = requestedDays instanceof Integer d ? d : days.get();
      fields.put("days", n);
      // Logged on success and failure alike: GET /cost-scans/{id} reads the scan's record by it.
      // POST /cost-scans names the id it answered with; a schedule gets a new one.
      Object requested = fields.remove("requestedScanId");
      String scanId =
          requested instanceof String id ? id : CostScan.newScanId(java.time.Clock.systemUTC());
      fields.put("scanId", scanId);
      outcome = scan.get().run(scanId, n);
    } catch (DeploymentException e) {
      throw failed(fields, e.code(), e.getMessage(), e);
    } catch (RuntimeException e) {
      throw failed(fields, ErrorCode.INTERNAL, "internal error in the cost scan", e);
    }
    Map<String, String> untagged = new TreeMap<>();
    outcome.untaggedTotal().forEach((unit, amount) -> untagged.put(unit, plain(amount)));
    fields.put("start", outcome.start().toString());
    fields.put("end", outcome.end().toString());
    fields.put("recorded", outcome.recorded());
    fields.put("stacks", outcome.stacks().size());
    fields.put("untagged", untagged);
    fields.put("requests", outcome.requests());
    fields.put("anomalies", outcome.anomalies().size());
    fields.put("newAnomalies", outcome.newAnomalies());
    StructuredLog.info("cost_scan_done", fields);
    return new Result(
        outcome.start().toString(),
        outcome.end().toString(),
        outcome.recorded(),
        outcome.stacks(),
        untagged,
        outcome.requests(),
        outcome.anomalies().size(),
        outcome.newAnomalies(),
        outcome.notice());
  }

  private static String plain(BigDecimal amount) {
    return amount.toPlainString();
  }

  private static FunctionFailure failed(
      Map<String, Object> fields, ErrorCode code, String message, RuntimeException cause) {
    fields.put("code", code.name());
    fields.put("message", message);
    fields.put("type", cause.getClass().getName());
    StructuredLog.error("cost_scan_failed", fields);
    return FunctionFailure.of(code, message);
  }
}
